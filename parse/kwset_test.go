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
			if got := lookupKwHash(w, kwHash(w)); got != k {
				t.Errorf("lookup %q = %v, want %v", w, kwNames[got], name)
			}
		}
		for _, w := range []string{name + "X", name[1:], name + "_", name[:len(name)-1] + "$"} {
			if got := lookupKwHash(w, kwHash(w)); got != kwNone && kwNames[got] != strings.ToUpper(w) {
				t.Errorf("lookup %q = %v", w, kwNames[got])
			}
		}
	}
	for _, w := range []string{"", "a", "users", "deleted_at", "select_", "SELECTS"} {
		if got := lookupKwHash(w, kwHash(w)); got != kwNone {
			t.Errorf("lookup %q = %v", w, kwNames[got])
		}
	}
}

// TestWordHash checks that the lexer computes kwHash of every word.
func TestWordHash(t *testing.T) {
	var l lexer
	q := "SELECT Distinct x_1 FROM t$ WHERE STRAIGHT_JOIN"
	l.reset(MySQL, q, nil)
	l.run()
	for _, tk := range l.toks {
		w := q[tk.pos:tk.end]
		if want := lookupKwHash(w, kwHash(w)); tk.kw != want {
			t.Errorf("%q: kw %v, want %v", w, tk.kw, want)
		}
	}
}
