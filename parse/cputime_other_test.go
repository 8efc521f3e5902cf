//go:build !linux

package parse_test

import "time"

func threadCPU() (time.Duration, bool) { return 0, false }
