package dhsql

import "github.com/deeperhub/dhsql/interceptor"

// TelemetryConfig holds the OpenTelemetry settings of a [Config]. Its zero
// value is valid.
type TelemetryConfig struct{}

// newTelemetryHook returns the hook that traces and measures every
// statement, or nil when telemetry is off.
func newTelemetryHook(cfg *Config, target Target) interceptor.Hook { return nil }
