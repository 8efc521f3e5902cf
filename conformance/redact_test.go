package conformance

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, c := range []struct {
		dsn string
		d   Dialect
	}{
		{"postgres://u:s3cr%40t@h:5432/db?sslmode=disable", Postgres},
		{"postgres://u@h/db?password=s3cret", Postgres},
		{"host=h user=u password='s3 cret' dbname=db", Postgres},
		{"host=h user=u password=s3c?ret dbname=db", Postgres},
		{"u:p@ss@tcp(h:3306)/db", MySQL},
		{"user:s3cret@/dbname", MySQL},
		{"file:x.db?_pragma=foreign_keys(1)", SQLite},
	} {
		dsn := c.dsn
		got := Redact(dsn, c.d)
		for _, secret := range []string{"s3cr", "cret", "p@ss", "ss@"} {
			if strings.Contains(got, secret) {
				t.Errorf("Redact(%q) = %q holds %q", dsn, got, secret)
			}
		}
		t.Log(got)
	}
}
