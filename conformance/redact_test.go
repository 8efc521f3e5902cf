package conformance

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, dsn := range []string{
		"postgres://u:s3cr%40t@h:5432/db?sslmode=disable",
		"postgres://u@h/db?password=s3cret",
		"host=h user=u password='s3 cret' dbname=db",
		"u:p@ss@tcp(h:3306)/db",
		"file:x.db?_pragma=foreign_keys(1)",
	} {
		got := Redact(dsn)
		for _, secret := range []string{"s3cr", "cret", "p@ss", "ss@"} {
			if strings.Contains(got, secret) {
				t.Errorf("Redact(%q) = %q holds %q", dsn, got, secret)
			}
		}
		t.Log(got)
	}
}
