package dhsql

import (
	"context"
	"database/sql/driver"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/parse"
)

// newChain builds the hooks every statement of one database runs through,
// outermost first: classification (the parse result every later hook keys
// on), telemetry, then the application's own hooks, then the inner driver.
func newChain(cfg *Config) *interceptor.Chain {
	hooks := []interceptor.Hook{classifier{dialect: cfg.Dialect}}
	if h := newTelemetryHook(cfg); h != nil {
		hooks = append(hooks, h)
	}
	hooks = append(hooks, cfg.Hooks...)
	return interceptor.NewChain(hooks...)
}

// classifier parses each statement once and shares the result with the
// hooks after it through Call.Meta (see [Parsed]).
type classifier struct{ dialect parse.Dialect }

func (h classifier) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	c.Meta = parse.Classify(h.dialect, c.Query)
	return next(ctx, c)
}

func (h classifier) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	c.Meta = parse.Classify(h.dialect, c.Query)
	return next(ctx, c)
}

func (h classifier) Prepare(ctx context.Context, c *interceptor.Call, next interceptor.PrepareFunc) (driver.Stmt, error) {
	c.Meta = parse.Classify(h.dialect, c.Query)
	return next(ctx, c)
}

// Parsed returns what the parser said of the call's statement (query,
// exec or prepare), for hooks added with [WithHooks]; nil for calls
// without a statement (Begin, Commit, Rollback).
func Parsed(c *interceptor.Call) *parse.Statement {
	s, _ := c.Meta.(*parse.Statement)
	return s
}
