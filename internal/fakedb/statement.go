package fakedb

import (
	"strconv"
	"strings"
)

// op is what a statement does.
type op uint8

const (
	opUnknown op = iota
	opSelect
	opExec
	opErr
	opErrT
	opErrP
	opBadConn
	opSlow
	opMulti
	opFailCommit
	opCopy
)

// statement is a parsed statement text.
type statement struct {
	op       op
	n        int64 // rows (SELECT) or rows affected (EXEC)
	then     op    // SELECT: opErr or opErrT makes Next fail after the rows
	skip     bool  // SKIP prefix: the conn-level methods answer ErrSkip
	numInput int   // count of '?', or -1
}

// parse reads a statement of the package's language. It does not allocate.
func parse(q string) statement {
	st := statement{numInput: -1}
	if k := strings.Count(q, "?"); k > 0 {
		st.numInput = k
	}
	w, rest := word(q)
	if strings.EqualFold(w, "SKIP") {
		st.skip = true
		w, rest = word(rest)
	}
	switch {
	case strings.EqualFold(w, "SELECT"):
		st.op, st.n = opSelect, 1
		w, rest = word(rest)
		if n, err := strconv.ParseInt(w, 10, 64); err == nil && n >= 0 {
			st.n = n
			w, _ = word(rest)
		}
		switch {
		case strings.EqualFold(w, "ERR"):
			st.then = opErr
		case strings.EqualFold(w, "ERRT"):
			st.then = opErrT
		}
	case strings.EqualFold(w, "EXEC"):
		st.op = opExec
		w, _ = word(rest)
		if n, err := strconv.ParseInt(w, 10, 64); err == nil && n >= 0 {
			st.n = n
		}
	case strings.EqualFold(w, "ERR"):
		st.op = opErr
	case strings.EqualFold(w, "ERRT"):
		st.op = opErrT
	case strings.EqualFold(w, "ERRP"):
		st.op = opErrP
	case strings.EqualFold(w, "BADCONN"):
		st.op, st.n = opBadConn, 1
	case strings.EqualFold(w, "SLOW"):
		st.op = opSlow
	case strings.EqualFold(w, "MULTI"):
		st.op = opMulti
	case strings.EqualFold(w, "FAILCOMMIT"):
		st.op = opFailCommit
	case strings.EqualFold(w, "COPY") && isCopyFromStdin(rest):
		st.op = opCopy
	}
	return st
}

// word returns the first space-separated word of s other than "?", and
// what follows it.
func word(s string) (w, rest string) {
	for {
		i := 0
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isSpace(s[j]) {
			j++
		}
		w, rest = s[i:j], s[j:]
		if w != "?" {
			return w, rest
		}
		s = rest
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// isCopyFromStdin reports whether the words FROM STDIN follow in s.
func isCopyFromStdin(s string) bool {
	prevFrom := false
	for {
		w, rest := word(s)
		if w == "" {
			return false
		}
		if prevFrom && strings.EqualFold(w, "STDIN") {
			return true
		}
		prevFrom = strings.EqualFold(w, "FROM")
		s = rest
	}
}
