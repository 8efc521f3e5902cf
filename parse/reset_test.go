package parse

import (
	"reflect"
	"testing"
	"unsafe"
)

// dirty sets every field of the struct v points to a non-zero value.
func dirty(t *testing.T, v reflect.Value) {
	v = v.Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
		switch f.Kind() {
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			f.SetInt(1)
		case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			f.SetUint(1)
		case reflect.String:
			f.SetString("x")
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		case reflect.Map:
			f.Set(reflect.MakeMap(f.Type()))
		default:
			t.Fatalf("field %s: kind %s not handled", v.Type().Field(i).Name, f.Kind())
		}
	}
}

// checkReset reports fields of the struct v points to that are neither zero
// nor an emptied scratch slice nor one of the fields set by reset.
func checkReset(t *testing.T, v reflect.Value, set map[string]bool) {
	v = v.Elem()
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Name
		f := v.Field(i)
		if set[name] {
			continue
		}
		if f.Kind() == reflect.Slice && f.Len() == 0 {
			continue
		}
		if !f.IsZero() {
			t.Errorf("%s.%s not reset", v.Type().Name(), name)
		}
	}
}

func TestParserReset(t *testing.T) {
	var p parser
	dirty(t, reflect.ValueOf(&p))
	toks := []token{{kind: tEOF}}
	p.reset(Postgres, "q", toks)
	if p.d != Postgres || p.s != "q" || len(p.toks) != 1 {
		t.Fatal("reset did not set d, s, toks")
	}
	// Scratch slices keep their storage; the event data must be nil.
	for _, f := range []any{p.columns, p.rows, p.set, p.conflict, p.where} {
		if !reflect.ValueOf(f).IsNil() {
			t.Errorf("event data not nil after reset: %T", f)
		}
	}
	checkReset(t, reflect.ValueOf(&p), map[string]bool{"d": true, "s": true, "toks": true})
}

func TestLexerReset(t *testing.T) {
	var l lexer
	dirty(t, reflect.ValueOf(&l))
	l.reset(MySQL, "q", nil)
	if l.d != MySQL || l.s != "q" {
		t.Fatal("reset did not set d, s")
	}
	checkReset(t, reflect.ValueOf(&l), map[string]bool{"d": true, "s": true})
}
