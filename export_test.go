package dhsql

import "database/sql/driver"

// ResolveConfig returns the settings a connector opened by d with dsn
// would use: d's options, then the DSN's dh_* parameters, with defaults.
func ResolveConfig(d driver.Driver, dsn string) (Config, string, error) {
	w, ok := Wrap(d).(*wrappedDriver)
	if !ok {
		panic("not a dhsql driver")
	}
	cfg, parsed, err := w.resolve(dsn)
	if err != nil {
		return cfg, "", err
	}
	return cfg, parsed.Inner, nil
}
