package conformance

import (
	"errors"
	"io"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Proxy is a TCP proxy in front of a target's server, for faults the
// server cannot make deterministically: [Proxy.Reset] breaks every
// connection through it with a TCP reset, so the driver's next read or
// write fails at once, whatever the timing.
type Proxy struct {
	ln     net.Listener
	server string
	mu     sync.Mutex
	pairs  map[*proxyPair]struct{}
	wg     sync.WaitGroup
}

type proxyPair struct{ client, server net.Conn }

// StartProxy starts a proxy to server (host:port) on a loopback port; it
// stops when t ends.
func StartProxy(t testing.TB, server string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{ln: ln, server: server, pairs: map[*proxyPair]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.server)
		if err != nil {
			c.Close()
			continue
		}
		pair := &proxyPair{client: c, server: s}
		p.mu.Lock()
		p.pairs[pair] = struct{}{}
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(pair, c, s)
		go p.pipe(pair, s, c)
	}
}

func (p *Proxy) pipe(pair *proxyPair, dst, src net.Conn) {
	defer p.wg.Done()
	_, _ = io.Copy(dst, src)
	pair.client.Close()
	pair.server.Close()
	p.mu.Lock()
	delete(p.pairs, pair)
	p.mu.Unlock()
}

// Reset breaks every open connection: the driver's side gets a TCP reset
// (SO_LINGER 0), the server's side a normal close. It returns how many
// connections it broke.
func (p *Proxy) Reset() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for pair := range p.pairs {
		if tc, ok := pair.client.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		pair.client.Close()
		pair.server.Close()
		delete(p.pairs, pair)
		n++
	}
	return n
}

func (p *Proxy) close() {
	p.ln.Close()
	p.Reset()
	p.wg.Wait()
}

var (
	mysqlAddrRE = regexp.MustCompile(`tcp\(([^)]*)\)`)
	kvHostRE    = regexp.MustCompile(`(^|\s)host=('[^']*'|\S+)`)
	kvPortRE    = regexp.MustCompile(`(^|\s)port=('[^']*'|\S+)`)
)

// ServerAddr returns the host:port of tg's server, from its DSN.
func ServerAddr(tg Target) (string, error) {
	switch tg.Dialect {
	case Postgres:
		if strings.Contains(tg.DSN, "://") {
			u, err := url.Parse(tg.DSN)
			if err != nil {
				return "", err
			}
			host, port := u.Hostname(), u.Port()
			if host == "" || strings.Contains(host, ",") {
				return "", errors.New("the DSN names no single TCP host")
			}
			if port == "" {
				port = "5432"
			}
			return net.JoinHostPort(host, port), nil
		}
		host, port := kvValue(kvHostRE, tg.DSN), kvValue(kvPortRE, tg.DSN)
		if host == "" || strings.HasPrefix(host, "/") {
			return "", errors.New("the DSN names no TCP host")
		}
		if port == "" {
			port = "5432"
		}
		return net.JoinHostPort(host, port), nil
	case MySQL:
		m := mysqlAddrRE.FindStringSubmatch(tg.DSN)
		if m == nil {
			return "", errors.New("the DSN names no tcp(host:port) address")
		}
		addr := m[1]
		if _, _, err := net.SplitHostPort(addr); err != nil {
			addr = net.JoinHostPort(addr, "3306")
		}
		return addr, nil
	}
	return "", errors.New("no server")
}

func kvValue(re *regexp.Regexp, dsn string) string {
	m := re.FindStringSubmatch(dsn)
	if m == nil {
		return ""
	}
	return strings.Trim(m[2], "'")
}

// WithAddr returns dsn, a DSN of dialect d, pointed at addr (host:port)
// instead of its server.
func WithAddr(d Dialect, dsn, addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	switch d {
	case Postgres:
		if strings.Contains(dsn, "://") {
			u, err := url.Parse(dsn)
			if err != nil {
				return "", err
			}
			u.Host = addr
			return u.String(), nil
		}
		dsn := kvHostRE.ReplaceAllString(dsn, "${1}host='"+host+"'")
		if kvPortRE.MatchString(dsn) {
			return kvPortRE.ReplaceAllString(dsn, "${1}port='"+port+"'"), nil
		}
		return dsn + " port='" + port + "'", nil
	case MySQL:
		return mysqlAddrRE.ReplaceAllString(dsn, "tcp("+addr+")"), nil
	}
	return "", errors.New("no server")
}
