package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		`span "CREATE TABLE customers"`,
		`span "INSERT customers"`,
		`span "SELECT customers orders"`,
		`db.response.returned_rows=1`,
		`db.query.text="SELECT count(*) FROM customers WHERE name = ?"`,
		`span "UPDATE orders"`,
		`span "DELETE invoices" [error: syntax]`,
		`parse SELECT: reads=[customers orders] writes=[] cacheable=true`,
		`error to the caller: SQL logic error: no such table: invoices (1)`,
		`db.client.operation.duration:`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Arguments and literals never reach a span: "Grace" is only ever an
	// argument, "Ada" a literal or an argument (and a row the program prints).
	if strings.Contains(text, "Grace") {
		t.Errorf("an argument reached the output:\n%s", text)
	}
	if strings.Count(text, "Ada") != 1 || !strings.Contains(text, "row: Ada") {
		t.Errorf("a literal or argument reached a span:\n%s", text)
	}
}
