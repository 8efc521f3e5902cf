package parse

import (
	"strings"
	"testing"
)

// TestKeywordLookup checks that every keyword is found in any case, and
// that near misses are not.
func TestKeywordLookup(t *testing.T) {
	for k := kw(1); k < numKw; k++ {
		name := kwNames[k]
		for _, w := range []string{name, strings.ToLower(name), strings.ToLower(name[:1]) + name[1:]} {
			if got := wordKw(w, 0, len(w)); got != k {
				t.Errorf("lookup %q = %v, want %v", w, kwNames[got], name)
			}
			// In a longer text: read forward, and backward from the end.
			for _, pre := range []string{"x ", "0123456789 "} {
				for _, post := range []string{"", " y", " 0123456789"} {
					q := pre + w + post
					if got := wordKw(q, len(pre), len(pre)+len(w)); got != k {
						t.Errorf("lookup %q in %q = %v, want %v", w, q, kwNames[got], name)
					}
				}
			}
		}
		for _, w := range []string{name + "X", name[1:], name + "_", name[:len(name)-1] + "$"} {
			if got := wordKw(w, 0, len(w)); got != kwNone && kwNames[got] != strings.ToUpper(w) {
				t.Errorf("lookup %q = %v", w, kwNames[got])
			}
		}
	}
	for _, w := range []string{"", "a", "users", "deleted_at", "select_", "SELECTS"} {
		if got := wordKw(w, 0, len(w)); got != kwNone {
			t.Errorf("lookup %q = %v", w, kwNames[got])
		}
	}
}

// TestWordKeyword checks the keywords of the lexer's words, wherever they
// stand in the text.
func TestWordKeyword(t *testing.T) {
	var l lexer
	q := "SELECT Distinct x_1 FROM t$ WHERE STRAIGHT_JOIN current_timestamp CURRENT_DATE sql_calc_found_rows IN"
	l.reset(MySQL, q, nil)
	l.run()
	for _, tk := range l.toks {
		w := q[tk.pos:tk.end]
		if want := wordKw(w, 0, len(w)); tk.kw != want {
			t.Errorf("%q: kw %v, want %v", w, tk.kw, want)
		}
	}
}

// TestFunctionLookup checks that every listed function is found in any case
// and that other names are not.
func TestFunctionLookup(t *testing.T) {
	for _, l := range fnLists {
		for _, name := range strings.Fields(l.names) {
			for d := Dialect(0); d < numDialects; d++ {
				want := lookupFn(d, name)
				if l.dialects&(1<<d) != 0 && want == fnUnknown {
					t.Errorf("%s not found in %v", name, d)
				}
				if got := lookupFn(d, strings.ToUpper(name)); got != want {
					t.Errorf("%s in upper case: %v, want %v", name, got, want)
				}
			}
		}
	}
	for _, name := range []string{"", "x", "my_func", "countx", "coun", strings.Repeat("a", 41)} {
		if got := lookupFn(Postgres, name); got != fnUnknown {
			t.Errorf("%q: %v", name, got)
		}
	}
}
