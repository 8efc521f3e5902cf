package parse

import (
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
)

const (
	// DefaultMemoEntries is the number of classifications the memo behind
	// [Classify] keeps.
	DefaultMemoEntries = 8192
	// DefaultMemoBytes bounds the memory the memo behind [Classify] accounts
	// to its entries (texts and their classifications), 32 MiB.
	DefaultMemoBytes = 32 << 20
	// MaxMemoText is the longest text a [Memo] stores; longer texts are
	// parsed on every call.
	MaxMemoText = 16 << 10

	memoShards = 32
)

// Memo is a bounded, concurrency-safe memo of classifications keyed by
// (dialect, text). It evicts with the CLOCK (second chance) policy when it
// holds its maximum number of entries or bytes. A hit takes a read lock and
// allocates nothing.
//
// A text that ends with a plain /* ... */ comment (the form sqlcommenter
// appends, with a different trace id on every call) is memoized under the
// text before the comment, so such comments neither defeat the memo nor fill
// it.
type Memo struct {
	seed       maphash.Seed
	maxEntries int // per shard
	maxBytes   int // per shard
	shards     [memoShards]memoShard
}

type memoKey struct {
	d      Dialect
	prefix bool // the text before a trailing comment
	q      string
}

type memoEntry struct {
	key  memoKey
	hash uint64
	st   *Statement
	size int
	ref  uint32 // accessed atomically: set on hit, cleared by the clock hand
}

type memoShard struct {
	mu      sync.RWMutex
	m       map[uint64]int32 // by the key's hash; the entry holds the key
	entries []memoEntry
	free    []int32
	hand    int
	bytes   int
	_       [40]byte
}

// NewMemo returns a Memo that keeps at most entries classifications
// accounting at most bytes bytes. Values below 1 take the defaults
// [DefaultMemoEntries] and [DefaultMemoBytes].
func NewMemo(entries, bytes int) *Memo {
	if entries < 1 {
		entries = DefaultMemoEntries
	}
	if bytes < 1 {
		bytes = DefaultMemoBytes
	}
	m := &Memo{seed: maphash.MakeSeed()}
	m.maxEntries = max(1, (entries+memoShards-1)/memoShards)
	m.maxBytes = max(1, bytes/memoShards)
	return m
}

var defaultMemo = NewMemo(0, 0)

// Classify returns the classification of query in dialect d, memoized in a
// process-wide [Memo] of [DefaultMemoEntries] entries. The returned
// *Statement is shared by every caller that classifies the same text and
// must not be modified. Classify never panics, and allocates nothing when
// the text is in the memo.
func Classify(d Dialect, query string) *Statement {
	return defaultMemo.Classify(d, query)
}

// Classify is like the package-level [Classify], with m as the memo.
func (m *Memo) Classify(d Dialect, query string) *Statement {
	d = d.norm()
	if len(query) > MaxMemoText {
		st, _ := parse(d, query)
		return st
	}
	// A text that ends with a comment is most likely memoized under the
	// text before it (sqlcommenter's comments differ on every call), so
	// that is looked up first.
	pre, commented := commentPrefix(query)
	if commented {
		if st := m.get(memoKey{d: d, prefix: true, q: pre}); st != nil {
			return st
		}
	}
	if st := m.get(memoKey{d: d, q: query}); st != nil {
		return st
	}
	st, tail := parse(d, query)
	if tail >= 0 {
		m.put(memoKey{d: d, prefix: true, q: query[:tail]}, st)
	} else {
		m.put(memoKey{d: d, q: query}, st)
	}
	return st
}

// Len returns the number of classifications m holds.
func (m *Memo) Len() int {
	n := 0
	for k := range m.shards {
		s := &m.shards[k]
		s.mu.RLock()
		n += len(s.m)
		s.mu.RUnlock()
	}
	return n
}

// hash returns k's hash and its shard. The shard's map is keyed by the
// hash, so the text is hashed once per lookup; the entry's key is compared
// in full.
func (m *Memo) hash(k *memoKey) (uint64, *memoShard) {
	h := maphash.String(m.seed, k.q) ^ uint64(k.d)<<1
	if k.prefix {
		h ^= 1
	}
	return h, &m.shards[h%memoShards]
}

func (m *Memo) get(k memoKey) *Statement {
	h, s := m.hash(&k)
	s.mu.RLock()
	idx, ok := s.m[h]
	var st *Statement
	if ok {
		if e := &s.entries[idx]; e.key == k {
			st = e.st
			if atomic.LoadUint32(&e.ref) == 0 {
				atomic.StoreUint32(&e.ref, 1)
			}
		}
	}
	s.mu.RUnlock()
	return st
}

func (m *Memo) put(k memoKey, st *Statement) {
	size := len(k.q) + 256 + 32*(len(st.Reads)+len(st.Writes))
	if st.Sanitized != k.q {
		size += len(st.Sanitized)
	}
	if size > m.maxBytes {
		return
	}
	h, s := m.hash(&k)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[uint64]int32)
	}
	if _, ok := s.m[h]; ok {
		return // there already, or another text of the same hash: not kept
	}
	for s.bytes+size > m.maxBytes && len(s.m) > 0 {
		s.evict()
	}
	if len(s.free) == 0 {
		if len(s.entries) < m.maxEntries {
			s.entries = append(s.entries, memoEntry{})
			s.free = append(s.free, int32(len(s.entries)-1))
		} else {
			s.evict()
		}
	}
	if len(s.free) == 0 {
		return
	}
	idx := s.free[len(s.free)-1]
	s.free = s.free[:len(s.free)-1]
	s.entries[idx] = memoEntry{key: k, hash: h, st: st, size: size}
	s.m[h] = idx
	s.bytes += size
}

// evict frees one entry by the CLOCK policy; the caller holds the write lock.
func (s *memoShard) evict() {
	n := len(s.entries)
	for range 2*n + 1 {
		h := s.hand
		s.hand++
		if s.hand >= n {
			s.hand = 0
		}
		e := &s.entries[h]
		if e.st == nil {
			continue
		}
		if e.ref != 0 {
			e.ref = 0
			continue
		}
		delete(s.m, e.hash)
		s.bytes -= e.size
		s.entries[h] = memoEntry{}
		s.free = append(s.free, int32(h))
		return
	}
}

// commentPrefix returns the text before a trailing /* ... */ comment that
// holds no other comment delimiter and is not a MySQL executable comment.
func commentPrefix(q string) (string, bool) {
	if !strings.HasSuffix(q, "*/") {
		return "", false
	}
	// The last "/*" that ends before the final "*/", found by forward
	// searches (vectorized; a text rarely holds more than one).
	head := q[:len(q)-2]
	if strings.HasSuffix(head, "/") {
		return "", false // "/*/": the final "*/" also starts a comment
	}
	idx := strings.Index(head, "/*")
	if idx < 0 {
		return "", false
	}
	for {
		next := strings.Index(head[idx+2:], "/*")
		if next < 0 {
			break
		}
		idx += 2 + next
	}
	body := q[idx+2 : len(q)-2]
	if strings.HasPrefix(body, "!") || strings.HasPrefix(body, "M!") {
		return "", false
	}
	// No "*/" inside (nor "/*", being the last): the comment is one, not
	// the end of another.
	if strings.Contains(body, "*/") {
		return "", false
	}
	// The prefix keeps the space before the comment: it can change what
	// comes before ("--" ends a MySQL statement's text only when a space
	// follows), so texts that differ there must not share an entry.
	return q[:idx], true
}
