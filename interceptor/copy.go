package interceptor

import (
	"context"
	"database/sql/driver"
)

// COPY … FROM STDIN (lib/pq's CopyIn) is one logical statement spread over
// many calls on one prepared statement: an Exec per row with the row as its
// arguments, then an Exec without arguments (or Close) that completes it.
// The rows are data, not statements, so they pass straight to the inner
// statement; the chain runs once, for the completing call. A row the inner
// statement refuses ends the logical statement with that error.

type copyState struct {
	started bool // a row was sent
	done    bool // the chain has run for this COPY
	closing bool // the completing call is Close
}

// copyDataer is lib/pq's raw-line COPY method.
type copyDataer interface {
	CopyData(ctx context.Context, line string) (driver.Result, error)
}

// stmtCopyData is a COPY statement whose inner statement takes raw lines.
type stmtCopyData struct{ *stmt }

// CopyData sends one raw line of COPY data to the inner statement.
func (s stmtCopyData) CopyData(ctx context.Context, line string) (driver.Result, error) {
	res, err := s.inner.(copyDataer).CopyData(ctx, line)
	return s.copyRow(ctx, res, err)
}

func (s *stmt) copyExec(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if len(args) == 0 || s.copy.done {
		if s.copy.done {
			return s.innerExec(ctx, args)
		}
		s.copy.done = true
		return s.runExec(ctx, args)
	}
	res, err := s.innerExec(ctx, args)
	return s.copyRow(ctx, res, err)
}

func (s *stmt) copyRow(ctx context.Context, res driver.Result, err error) (driver.Result, error) {
	s.copy.started = true
	if err == nil || s.copy.done {
		return res, err
	}
	s.copy.done = true
	e := s.conn.chain.execFunc()
	if e == nil {
		return res, err
	}
	call := &Call{Kind: KindExec, Prepared: true, Query: s.query, Session: s.conn.session, conn: s.conn, stmt: s, innerErr: err}
	_, _ = runExec(ctx, e, call)
	return res, err
}

// isCopyFromStdin reports whether query is a COPY … FROM STDIN statement,
// which lib/pq turns into a streaming statement.
func isCopyFromStdin(query string) bool {
	i := skipSpaceAndComments(query, 0)
	if !hasWordFold(query, i, "copy") {
		return false
	}
	// Look for the words FROM STDIN, in that order, outside quotes.
	sawFrom := false
	for i += 4; i < len(query); {
		i = skipSpaceAndComments(query, i)
		if i >= len(query) {
			break
		}
		switch ch := query[i]; {
		case ch == '\'' || ch == '"':
			i = skipQuoted(query, i, ch)
		case isIdentByte(ch):
			j := i
			for j < len(query) && isIdentByte(query[j]) {
				j++
			}
			word := query[i:j]
			switch {
			case equalFold(word, "from"):
				sawFrom = true
			case sawFrom && equalFold(word, "stdin"):
				return true
			default:
				sawFrom = false
			}
			i = j
		default:
			sawFrom = false
			i++
		}
	}
	return false
}

func skipSpaceAndComments(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f':
			i++
		case s[i] == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			depth := 0
			for i < len(s) {
				if s[i] == '/' && i+1 < len(s) && s[i+1] == '*' {
					depth++
					i += 2
				} else if s[i] == '*' && i+1 < len(s) && s[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		default:
			return i
		}
	}
	return i
}

func skipQuoted(s string, i int, q byte) int {
	for i++; i < len(s); i++ {
		if s[i] == q {
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return i
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func hasWordFold(s string, i int, word string) bool {
	if len(s)-i < len(word) || !equalFold(s[i:i+len(word)], word) {
		return false
	}
	return i+len(word) == len(s) || !isIdentByte(s[i+len(word)])
}

// equalFold compares ASCII case-insensitively; word is lower case.
func equalFold(s, word string) bool {
	if len(s) != len(word) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != word[i] {
			return false
		}
	}
	return true
}
