package dsn

import (
	"net"
	"net/url"
	"strings"
)

// mysqlDSN holds the parts of a go-sql-driver/mysql DSN,
//
//	[user[:password]@][net[(addr)]]/dbname[?param1=value1&paramN=valueN]
//
// found exactly as mysql.ParseDSN finds them: the LAST '/' in the whole DSN
// ends the address part (so a password or a socket path may hold '/', but a
// parameter value may not); the last '@' before it ends the user info; the
// first ':' in the user info ends the user name; the first '(' after the '@'
// starts the address, which must then end with the ')' just before the '/';
// and the parameters start at the first '?' after the '/'.
type mysqlDSN struct {
	user, net, addr, dbname string // raw
	q                       int    // index of the '?' before the parameters, or -1
	bad                     string // why mysql.ParseDSN (or the dialer) rejects the layout, or ""
	badAt                   int
}

func parseMySQL(dsn string) mysqlDSN {
	m := mysqlDSN{q: -1}
	slash := strings.LastIndexByte(dsn, '/')
	if slash < 0 {
		if dsn != "" {
			m.bad, m.badAt = "no '/' before the database name", 0
		}
		return m
	}
	if slash > 0 {
		at := strings.LastIndexByte(dsn[:slash], '@')
		if at >= 0 {
			m.user, _, _ = strings.Cut(dsn[:at], ":")
		}
		netStart := at + 1
		netEnd := slash
		if open := strings.IndexByte(dsn[netStart:slash], '('); open >= 0 {
			netEnd = netStart + open
			if dsn[slash-1] != ')' {
				m.bad, m.badAt = "address not closed by ')' before the last '/' (is a '/' in a parameter value not escaped as %2F?)", netEnd
			} else {
				m.addr = dsn[netEnd+1 : slash-1]
			}
		}
		m.net = dsn[netStart:netEnd]
		if m.bad == "" && strings.ContainsAny(m.net, "/?") {
			m.bad, m.badAt = "'/' or '?' in the network name (is a '/' in a parameter value not escaped as %2F?)", netStart
		}
	}
	m.dbname = dsn[slash+1:]
	if i := strings.IndexByte(m.dbname, '?'); i >= 0 {
		m.q = slash + 1 + i
		m.dbname = m.dbname[:i]
	}
	return m
}

func splitMySQL(dsn string) (string, []Param, error) {
	if !mightHaveOurKey(dsn, false) {
		return dsn, nil, nil
	}
	m := parseMySQL(dsn)
	if m.bad != "" {
		// The DSN has "dh_" in it but mysql itself would not find its
		// parameters where they were meant to be.
		return "", nil, &SyntaxError{Form: MySQL, Offset: m.badAt, Msg: m.bad}
	}
	if m.q < 0 {
		return dsn, nil, nil
	}
	return mysqlRules.strip(dsn, m.q)
}

func mysqlTarget(dsn string) Target {
	m := parseMySQL(dsn)
	t := Target{User: m.user}
	if db, err := url.PathUnescape(m.dbname); err == nil {
		t.Database = db
	} else {
		t.Database = m.dbname
	}
	if m.bad != "" || m.addr == "" {
		return t
	}
	if m.net == "unix" {
		t.Host = m.addr
		return t
	}
	if host, port, err := net.SplitHostPort(m.addr); err == nil {
		t.Host, t.Port = host, parsePort(port)
	} else {
		t.Host = strings.TrimSuffix(strings.TrimPrefix(m.addr, "["), "]")
	}
	return t
}
