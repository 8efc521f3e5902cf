package telemetry

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/metric"
)

// A statement's measurements are not handed to the SDK when it ends but
// queued, and handed over in batches. Recording a measurement runs a good
// deal of the SDK's code and touches its aggregation state; a statement
// that waited for a server finds all of that evicted from the CPU caches,
// and pays for every line again. Queued, the statement writes two lines;
// the batch then runs the SDK's code once, warm, for many measurements.
// They are handed over:
//
//   - when a queue holds batchSize: a goroutine of the batcher's records
//     the batch, and the statement that filled it returns at once;
//   - before every collection, by a callback of the meter (see
//     [newBatcher]): a reader sees every measurement of a statement that
//     ended before it collected, in that collection;
//   - when a statement finds the oldest measurement of its queue queued
//     for flushDelay or more: a goroutine then hands every queue over.
//
// No timer is kept for the last: while a timer is pending, every wait of
// the Go scheduler for the network gets a deadline, which the kernel must
// arm: on a virtual machine that cost a query against a server about
// 1.5µs of CPU, more than the batching saves. So,
// when no collection calls back (a view dropped [MetricFlush]), a
// measurement waits about flushDelay while statements run on its queue;
// when none do, it waits for the next one, or for its Instrumentation to
// become unreachable. Exemplars keep the statement's context and so its
// trace; their time is the hand-over's.
const batchSize = 256

var flushDelay = time.Second // a variable for tests

// epoch is the origin of the batcher's clock: a statement's end time less
// epoch, monotonic when the end time is.
var epoch = time.Now()

// pending is the measurements of one statement, queued or recorded at
// once.
type pending struct {
	ctx     context.Context
	key     plainKey              // its attribute set, when opts is nil
	opts    []metric.RecordOption // its attribute set, when not a plain one
	seconds float64
	rows    int64 // returned rows, when hasRows
	hasRows bool
}

// queue is one shard of a batcher's measurements.
type queue struct {
	mu    sync.Mutex
	buf   []pending
	since int64    // when its oldest measurement was queued, on the batcher's clock
	_     [88]byte // keeps neighbouring queues' locks off one cache line
}

// recorder hands statement measurements to the instruments of one
// [Instrumentation]: at once, or from its batcher. It holds no reference
// to the Instrumentation, so that a batcher's callback does not keep it
// reachable.
type recorder struct {
	duration     metric.Float64Histogram
	returnedRows metric.Int64Histogram
	measures     *measureSets
}

// record records p.
func (r *recorder) record(p *pending) {
	opts := p.opts
	if opts == nil {
		opts = r.measures.plainOptions(p.key)
	}
	r.duration.Record(p.ctx, p.seconds, opts...)
	if p.hasRows {
		r.returnedRows.Record(p.ctx, p.rows, opts...)
	}
}

// batcher queues the measurements of one [Instrumentation]. Statements
// spread over its queues (each keeps its queue while pooled), so that
// connections used from many goroutines seldom share a lock.
type batcher struct {
	rec    *recorder
	queues []queue
	next   atomic.Uint32 // the queue the next new Statement takes

	// recording is held while measurements are handed to the SDK: by the
	// drain goroutine for full batches, and by flush for everything.
	recording sync.Mutex
	fullMu    sync.Mutex
	full      [][]pending // the full batches of queues, oldest first
	spare     [][]pending // emptied batches, for the queues to reuse
	draining  atomic.Bool // a drain goroutine runs
	flushing  atomic.Bool // a flush of stale queues runs
}

// newBatcher returns the batcher of in's statement measurements, or nil
// when the meter cannot call it back before collecting: measurements are
// then recorded at once. The callback is registered on an observable
// instrument that is never observed (so nothing is exported for it). When
// in becomes unreachable, what is still queued is handed over and the
// callback unregistered.
func newBatcher(in *Instrumentation) *batcher {
	flush, err := in.meter.Int64ObservableGauge(MetricFlush,
		metric.WithDescription("Never observed: its callback hands dhsql's queued statement measurements to the SDK before each collection."))
	if err != nil {
		handle(err)
		return nil
	}
	n := 1
	for n < 2*runtime.GOMAXPROCS(0) && n < 64 {
		n *= 2
	}
	b := &batcher{rec: in.rec, queues: make([]queue, n)}
	reg, err := in.meter.RegisterCallback(func(context.Context, metric.Observer) error {
		b.flush()
		return nil
	}, flush)
	if err != nil || reg == nil {
		handle(err)
		if reg != nil {
			reg.Unregister()
		}
		return nil
	}
	runtime.AddCleanup(in, func(c cleanup) {
		// Not on the runtime's cleanup goroutine: Unregister waits for
		// collections in progress.
		go func() {
			c.b.flush() // in is gone: nothing is queued after this
			c.reg.Unregister()
		}()
	}, cleanup{b, reg})
	return b
}

type cleanup struct {
	b   *batcher
	reg metric.Registration
}

// queueFor returns the queue of a Statement, given its slot (0 for one it
// has not taken yet, which it then takes).
func (b *batcher) queueFor(slot *uint32) *queue {
	if *slot == 0 {
		*slot = b.next.Add(1)
	}
	return &b.queues[*slot&uint32(len(b.queues)-1)]
}

// add queues a statement's measurements; now is when it ended, on the
// batcher's clock (a time read from a clock without a monotonic reading
// only makes a stale queue's flush early or late). The common case, a queue that neither starts a batch,
// nor completes one, nor has waited too long, is kept short.
func (b *batcher) add(q *queue, p *pending, now int64) {
	q.mu.Lock()
	n := len(q.buf)
	if n == 0 || n >= batchSize-1 || now-q.since >= int64(flushDelay) {
		b.addSlow(q, p, now)
		return
	}
	q.buf = q.buf[:n+1]
	q.buf[n] = *p
	q.mu.Unlock()
}

// addSlow is add for the other cases; q.mu is held, and released. A full
// batch goes to the drain goroutine, and the queue takes an empty one; a
// queue whose oldest measurement waited flushDelay starts a flush.
func (b *batcher) addSlow(q *queue, p *pending, now int64) {
	if q.buf == nil {
		q.buf = b.takeBuf()
	}
	if len(q.buf) == 0 {
		q.since = now
	}
	q.buf = append(q.buf, *p)
	full := len(q.buf) == batchSize
	stale := !full && now-q.since >= int64(flushDelay)
	if full {
		b.fullMu.Lock()
		b.full = append(b.full, q.buf)
		q.buf = b.takeBufLocked()
		b.fullMu.Unlock()
	}
	// A flush already running may have passed this queue: the queue stays
	// stale, and a later statement starts the next flush.
	startFlush := stale && b.flushing.CompareAndSwap(false, true)
	if startFlush {
		q.since = now // the flush takes the queue over
	}
	q.mu.Unlock()
	if full && b.draining.CompareAndSwap(false, true) {
		go b.drain()
	}
	if startFlush {
		go b.flushStale()
	}
}

// takeBuf returns an empty batch.
func (b *batcher) takeBuf() []pending {
	b.fullMu.Lock()
	defer b.fullMu.Unlock()
	return b.takeBufLocked()
}

// takeBufLocked is takeBuf with b.fullMu held.
func (b *batcher) takeBufLocked() []pending {
	if n := len(b.spare); n > 0 {
		buf := b.spare[n-1]
		b.spare[n-1] = nil
		b.spare = b.spare[:n-1]
		return buf
	}
	return make([]pending, 0, batchSize)
}

// drain records the full batches until there are none left.
func (b *batcher) drain() {
	for {
		b.recording.Lock()
		b.recordFull()
		b.recording.Unlock()
		b.draining.Store(false)
		// A batch queued after recordFull looked, whose queue saw the
		// flag still set, is this goroutine's to record.
		b.fullMu.Lock()
		more := len(b.full) > 0
		b.fullMu.Unlock()
		if !more || !b.draining.CompareAndSwap(false, true) {
			return
		}
	}
}

// recordFull hands the full batches to the SDK; b.recording is held. The
// batches are taken one at a time, so that a queue filling meanwhile
// finds emptied ones to reuse.
func (b *batcher) recordFull() {
	for {
		b.fullMu.Lock()
		if len(b.full) == 0 {
			b.fullMu.Unlock()
			return
		}
		buf := b.full[0]
		b.full[0] = nil
		b.full = b.full[1:]
		if len(b.full) == 0 {
			b.full = b.full[:0:0] // lets the backing array go
		}
		b.fullMu.Unlock()
		b.record(buf)
	}
}

// record hands buf's measurements to the SDK, and keeps buf for the
// queues to reuse; b.recording is held.
func (b *batcher) record(buf []pending) {
	for i := range buf {
		b.rec.record(&buf[i])
	}
	clear(buf) // drops the contexts
	b.fullMu.Lock()
	if len(b.spare) < len(b.queues) {
		b.spare = append(b.spare, buf[:0])
	}
	b.fullMu.Unlock()
}

// flush hands every queued measurement to the SDK, and returns once what
// was queued when it was called is there, even what the drain goroutine
// or another flush was handing over. A queue's batch is taken from it
// before it is recorded: statements queue meanwhile.
func (b *batcher) flush() {
	b.recording.Lock()
	defer b.recording.Unlock()
	for i := range b.queues {
		q := &b.queues[i]
		q.mu.Lock()
		buf := q.buf
		if len(buf) > 0 {
			q.buf = nil // the next statement takes an empty one
		}
		q.mu.Unlock()
		if len(buf) > 0 {
			b.record(buf)
		}
	}
	// Last: a queue may have handed its batch over while the loop went
	// through the others. Only holders of b.recording take batches from
	// b.full, so every batch handed over before this point is there.
	b.recordFull()
}

// flushStale is the flush a statement starts when its queue waited too
// long: every queue is handed over, the others may have waited as long.
func (b *batcher) flushStale() {
	b.flush()
	b.flushing.Store(false)
}
