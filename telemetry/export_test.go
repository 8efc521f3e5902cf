package telemetry

import "time"

// SetFlushDelay sets how long a queued measurement waits at most, and
// returns a function that restores it.
func SetFlushDelay(d time.Duration) (restore func()) {
	old := flushDelay
	flushDelay = d
	return func() { flushDelay = old }
}

// BatchSize is the number of measurements a queue holds before it hands
// them over.
const BatchSize = batchSize
