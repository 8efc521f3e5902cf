package dsn

import "strings"

// sqliteQuery returns the index of the '?' that starts the query string of a
// modernc.org/sqlite DSN, or -1. modernc looks only at the first '?', and only
// when it is not the first byte: "?x=1" is a file name.
func sqliteQuery(dsn string) int {
	if q := strings.IndexByte(dsn, '?'); q >= 1 {
		return q
	}
	return -1
}

func splitSQLite(dsn string) (string, []Param, error) {
	if !mightHaveOurKey(dsn, true) {
		return dsn, nil, nil
	}
	q := sqliteQuery(dsn)
	if q < 0 {
		return dsn, nil, nil
	}
	return sqliteRules.strip(dsn, q)
}

func sqliteTarget(dsn string) Target {
	name := dsn
	if q := sqliteQuery(dsn); q >= 0 {
		name = dsn[:q]
	}
	path, ok := strings.CutPrefix(name, "file:")
	if !ok {
		return Target{Database: name}
	}
	// An SQLite URI: file:path, file:///path or file://localhost/path, with
	// %HH escapes and an optional #fragment.
	path, _, _ = strings.Cut(path, "#")
	if rest, ok := strings.CutPrefix(path, "//"); ok {
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			path = rest[i:]
		} else {
			path = ""
		}
	}
	return Target{Database: lenientUnescape(path)}
}
