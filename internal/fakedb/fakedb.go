package fakedb

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Kind selects which optional database/sql/driver interfaces a fake object
// implements. Each field of [Config] accepts only some kinds. The zero Kind
// is [Full].
type Kind uint8

const (
	// Full implements every optional interface of the object: for a conn
	// ConnPrepareContext, ConnBeginTx, ExecerContext, QueryerContext,
	// Pinger, SessionResetter, Validator and NamedValueChecker; for a stmt
	// StmtExecContext, StmtQueryContext and NamedValueChecker; for rows
	// RowsNextResultSet and the five RowsColumnType interfaces.
	Full Kind = iota
	// Bare implements only the required interface: driver.Conn,
	// driver.Stmt or driver.Rows.
	Bare
	// Legacy is a conn with the deprecated driver.Execer and driver.Queryer
	// added to driver.Conn.
	Legacy
	// Converter is a Full stmt that also implements the deprecated
	// driver.ColumnConverter.
	Converter
	// BareConverter is a Bare stmt with driver.ColumnConverter added.
	BareConverter
	// ExecOnly is a Full conn without driver.QueryerContext: database/sql
	// prepares every query.
	ExecOnly
	// QueryOnly is a Full conn without driver.ExecerContext: database/sql
	// prepares every exec.
	QueryOnly
)

var kindNames = [...]string{"Full", "Bare", "Legacy", "Converter", "BareConverter", "ExecOnly", "QueryOnly"}

// String returns the kind's name ("Full", "Bare", …).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Config chooses the capabilities and behaviour of a fake database. The
// zero Config is a Full conn, stmt and rows, a connector without io.Closer,
// a driver without DriverContext, and the log on.
type Config struct {
	// Conn is the conn kind: Full (default), Bare, Legacy, ExecOnly or
	// QueryOnly.
	Conn Kind
	// Stmt is the stmt kind: Full (default), Bare, Converter or
	// BareConverter. COPY statements have their own type whatever it is.
	Stmt Kind
	// Rows is the rows kind: Full (default) or Bare.
	Rows Kind
	// ConnectorCloser makes the connector implement io.Closer.
	ConnectorCloser bool
	// DriverContext makes the driver implement driver.DriverContext.
	DriverContext bool
	// SkipWithArgs makes the conn-level Exec and Query (context or legacy)
	// answer driver.ErrSkip whenever they are given arguments, as
	// go-sql-driver/mysql does without interpolateParams.
	SkipWithArgs bool
	// NoLog turns the call log off (benchmarks).
	NoLog bool
}

func (cfg Config) validate() error {
	switch cfg.Conn {
	case Full, Bare, Legacy, ExecOnly, QueryOnly:
	default:
		return fmt.Errorf("fakedb: Conn cannot be %v", cfg.Conn)
	}
	switch cfg.Stmt {
	case Full, Bare, Converter, BareConverter:
	default:
		return fmt.Errorf("fakedb: Stmt cannot be %v", cfg.Stmt)
	}
	switch cfg.Rows {
	case Full, Bare:
	default:
		return fmt.Errorf("fakedb: Rows cannot be %v", cfg.Rows)
	}
	return nil
}

// String describes the configuration in a few words, for test names.
func (cfg Config) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "conn=%v/stmt=%v/rows=%v", cfg.Conn, cfg.Stmt, cfg.Rows)
	if cfg.ConnectorCloser {
		b.WriteString("/closer")
	}
	if cfg.DriverContext {
		b.WriteString("/driverctx")
	}
	if cfg.SkipWithArgs {
		b.WriteString("/skipargs")
	}
	return b.String()
}

// Errors the fake returns. Each is the same value every time.
var (
	// ErrBoom is what the ERR statement fails with.
	ErrBoom = errors.New("fakedb: boom")
	// ErrSyntax is what a statement the fake does not know fails with.
	ErrSyntax = errors.New("fakedb: syntax error")
	// ErrNoContext is what SLOW fails with when called through a method
	// that has no context (it would wait forever).
	ErrNoContext = errors.New("fakedb: SLOW needs a context")
	// ErrCopy is what a COPY statement fails with when run without being
	// prepared, or queried.
	ErrCopy = errors.New("fakedb: COPY must be prepared and executed")
	// ErrCopyClosed is what an Exec on a completed COPY statement fails
	// with, like lib/pq's errCopyInClosed.
	ErrCopyClosed = errors.New("fakedb: COPY statement has already been closed")
	// ErrTxDone is what a second Commit or Rollback of a transaction fails
	// with.
	ErrTxDone = errors.New("fakedb: transaction already ended")
)

// Error is the error of ERRT statements, SELECT … ERRT and failed COPY
// rows: a new value every time, numbered by the server.
type Error struct {
	// Code numbers the errors of one server from 1.
	Code int
	// Msg says what failed.
	Msg string
}

// Error formats the code and message.
func (e *Error) Error() string { return "fakedb: error " + strconv.Itoa(e.Code) + ": " + e.Msg }

// Unwrap returns [ErrBoom]: every *Error is also a boom.
func (e *Error) Unwrap() error { return ErrBoom }

// Custom is an argument type that database/sql's default conversion
// refuses. Full conns and stmts accept it as is (NamedValueChecker);
// Converter and BareConverter statements turn it into its V
// (ColumnConverter).
type Custom struct{ V string }

// Stats counts the fake objects that are open.
type Stats struct {
	Conns, Stmts, Rows, Txs int
}

// Server is one fake database: the connections its connector and driver
// open, their log and their counters. Its methods are safe for concurrent
// use.
type Server struct {
	cfg       Config
	logOn     bool
	connector driver.Connector
	driver    driver.Driver

	nconn   atomic.Int64
	conns   atomic.Int64
	stmts   atomic.Int64
	rows    atomic.Int64
	txs     atomic.Int64
	blocked chan struct{}

	mu      sync.Mutex
	log     []string
	lastErr error
	errSeq  int
}

// New returns a new fake database configured by cfg. It panics if a field
// of cfg holds a [Kind] that field does not accept.
func New(cfg Config) *Server {
	if err := cfg.validate(); err != nil {
		panic(err)
	}
	s := &Server{cfg: cfg, logOn: !cfg.NoLog, blocked: make(chan struct{}, 16)}
	c := &connector{srv: s}
	if cfg.ConnectorCloser {
		s.connector = connectorCloser{c}
	} else {
		s.connector = c
	}
	d := &fdriver{srv: s}
	if cfg.DriverContext {
		s.driver = driverContext{d}
	} else {
		s.driver = d
	}
	return s
}

// NewConnector is New(cfg).Connector(); [ServerOf] finds its Server.
func NewConnector(cfg Config) driver.Connector { return New(cfg).Connector() }

// NewDriver is New(cfg).Driver(); [ServerOf] finds its Server.
func NewDriver(cfg Config) driver.Driver { return New(cfg).Driver() }

// ServerOf returns the Server behind v, a connector, driver, conn, stmt,
// rows or tx of this package, and whether v is one.
func ServerOf(v any) (*Server, bool) {
	switch o := v.(type) {
	case *connector:
		return o.srv, true
	case connectorCloser:
		return o.srv, true
	case *fdriver:
		return o.srv, true
	case driverContext:
		return o.srv, true
	case *conn:
		return o.srv, true
	case legacyConn:
		return o.srv, true
	case fullConn:
		return o.srv, true
	case execOnlyConn:
		return o.srv, true
	case queryOnlyConn:
		return o.srv, true
	case *stmt:
		return o.c.srv, true
	case fullStmt:
		return o.c.srv, true
	case convStmt:
		return o.c.srv, true
	case bareConvStmt:
		return o.c.srv, true
	case *copyStmt:
		return o.c.srv, true
	case *rows:
		return o.c.srv, true
	case fullRows:
		return o.c.srv, true
	case *tx:
		return o.c.srv, true
	}
	return nil, false
}

// Config returns the server's configuration.
func (s *Server) Config() Config { return s.cfg }

// Connector returns the server's connector: always the same value.
func (s *Server) Connector() driver.Connector { return s.connector }

// Driver returns the server's driver: always the same value. The name
// given to its Open or OpenConnector is only logged.
func (s *Server) Driver() driver.Driver { return s.driver }

// Log returns a copy of the call log, oldest first.
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// ResetLog empties the call log.
func (s *Server) ResetLog() {
	s.mu.Lock()
	s.log = nil
	s.mu.Unlock()
}

// LastError returns the last error the fake returned to a caller (other
// than driver.ErrSkip), or nil.
func (s *Server) LastError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

// Blocked receives a value each time a SLOW statement starts waiting for
// its context (up to 16 unreceived values are kept), so that a test can
// cancel the context exactly then.
func (s *Server) Blocked() <-chan struct{} { return s.blocked }

// Stats returns how many fake objects are open.
func (s *Server) Stats() Stats {
	return Stats{
		Conns: int(s.conns.Load()),
		Stmts: int(s.stmts.Load()),
		Rows:  int(s.rows.Load()),
		Txs:   int(s.txs.Load()),
	}
}

// logf appends a line to the log; callers check s.logOn first so that a
// server without log does not even format.
func (s *Server) logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.log = append(s.log, line)
	s.mu.Unlock()
}

// fail records err as the last error and returns it.
func (s *Server) fail(err error) error {
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
	return err
}

// newError records and returns a new *Error.
func (s *Server) newError(msg string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errSeq++
	err := &Error{Code: s.errSeq, Msg: msg}
	s.lastErr = err
	return err
}

// connect opens one conn of the configured kind.
func (s *Server) connect() driver.Conn {
	c := &conn{srv: s, id: s.nconn.Add(1)}
	s.conns.Add(1)
	if s.logOn {
		s.logf("c%d Connect", c.id)
	}
	switch s.cfg.Conn {
	case Bare:
		return c
	case Legacy:
		return legacyConn{c}
	case ExecOnly:
		return execOnlyConn{ctxConn{c}}
	case QueryOnly:
		return queryOnlyConn{ctxConn{c}}
	}
	return fullConn{ctxConn{c}}
}

// Values of the id and name columns, boxed once so that reading rows
// allocates nothing.
const valueTableSize = 4096

var idValues, nameValues = func() (ids, names []driver.Value) {
	ids = make([]driver.Value, valueTableSize)
	names = make([]driver.Value, valueTableSize)
	for i := range ids {
		ids[i] = int64(i)
		if i%3 != 0 {
			names[i] = "name-" + strconv.Itoa(i)
		}
	}
	return ids, names
}()

func idValue(i int64) driver.Value {
	if i >= 0 && i < valueTableSize {
		return idValues[i]
	}
	return i
}

func nameValue(i int64) driver.Value {
	if i >= 0 && i < valueTableSize {
		return nameValues[i]
	}
	if i%3 == 0 {
		return nil
	}
	return "name-" + strconv.FormatInt(i, 10)
}

// formatArgs renders arguments with their types for the log.
func formatArgs(args []driver.NamedValue) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a.Name != "" {
			b.WriteString(":" + a.Name + "=")
		} else if a.Ordinal != i+1 {
			fmt.Fprintf(&b, "$%d=", a.Ordinal)
		}
		b.WriteString(formatValue(a.Value))
	}
	b.WriteByte(']')
	return b.String()
}

func formatValues(args []driver.Value) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(formatValue(a))
	}
	b.WriteByte(']')
	return b.String()
}

func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return strconv.Quote(v)
	case []byte:
		return fmt.Sprintf("[]byte(%q)", v)
	case int64, float64, bool, time.Time, Custom, int:
		return fmt.Sprintf("%T(%v)", v, v)
	}
	return fmt.Sprintf("%T", v) // its value may hold pointers
}
