package telemetry_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/exemplar"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/deeperhub/dhsql/telemetry"
)

// count returns how many measurements the named histogram holds (0 when
// it is absent).
func count(t *testing.T, r sdkmetric.Reader, name string) uint64 {
	t.Helper()
	n, err := collectCount(r, name)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// collectCount is count for goroutines other than the test's.
func collectCount(r sdkmetric.Reader, name string) (n uint64, err error) {
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		return 0, err
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					n += p.Count
				}
			case metricdata.Histogram[int64]:
				for _, p := range d.DataPoints {
					n += p.Count
				}
			default:
				return 0, fmt.Errorf("%s is a %T, not a histogram", name, m.Data)
			}
		}
	}
	return n, nil
}

// query runs one statement of in that returns rows on st.
func query(in *telemetry.Instrumentation, st *telemetry.Statement, ctx context.Context) {
	st.Begin(ctx, in, &telemetry.Operation{Summary: "SELECT users", ReturnsRows: true}, true)
	st.End(telemetry.Result{Rows: 2})
}

// withoutFlushCallback is a meter provider whose view drops the
// instrument whose callback flushes the queued measurements: only full
// batches and the timer hand them over.
func withoutFlushCallback(r sdkmetric.Reader) *sdkmetric.MeterProvider {
	return sdkmetric.NewMeterProvider(sdkmetric.WithReader(r), sdkmetric.WithView(sdkmetric.NewView(
		sdkmetric.Instrument{Name: telemetry.MetricFlush},
		sdkmetric.Stream{Aggregation: sdkmetric.AggregationDrop{}})))
}

// A collection sees every measurement of the statements that ended
// before it, though they are queued.
func TestCollectSeesQueued(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())
	defer telemetry.SetFlushDelay(time.Hour)()
	in := telemetry.New(telemetry.Config{MeterProvider: mp})
	var st telemetry.Statement
	for i := 1; i <= 3; i++ {
		query(in, &st, context.Background())
		if n := count(t, reader, telemetry.MetricOperationDuration); n != uint64(i) {
			t.Fatalf("after %d statements, %s holds %d", i, telemetry.MetricOperationDuration, n)
		}
		if n := count(t, reader, telemetry.MetricReturnedRows); n != uint64(i) {
			t.Fatalf("after %d statements, %s holds %d", i, telemetry.MetricReturnedRows, n)
		}
	}
	if n := count(t, reader, telemetry.MetricFlush); n != 0 {
		t.Fatalf("%s exported %d points", telemetry.MetricFlush, n)
	}
}

// Without the collection callback, a full queue hands its batch over at
// once; the rest waits until a statement finds its queue's oldest
// measurement queued for the flush delay, and then every queue is handed
// over. No timer does it: none is kept pending.
func TestBatchAndFlushDelay(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := withoutFlushCallback(reader)
	defer mp.Shutdown(context.Background())
	restore := telemetry.SetFlushDelay(time.Hour)
	in := telemetry.New(telemetry.Config{MeterProvider: mp})
	var st telemetry.Statement // one Statement: one queue
	for range telemetry.BatchSize - 1 {
		query(in, &st, context.Background())
	}
	if n := count(t, reader, telemetry.MetricOperationDuration); n != 0 {
		t.Fatalf("a queue short of a batch handed over %d measurements before its time", n)
	}
	query(in, &st, context.Background())
	// The statement that filled the queue returned; a goroutine of the
	// batcher's records the batch.
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := count(t, reader, telemetry.MetricOperationDuration)
		if n == telemetry.BatchSize {
			break
		}
		if n > telemetry.BatchSize || time.Now().After(deadline) {
			t.Fatalf("a full queue handed over %d measurements, want %d", n, telemetry.BatchSize)
		}
		time.Sleep(time.Millisecond)
	}
	restore()

	// Another database, two queues, a delay of 50ms.
	defer telemetry.SetFlushDelay(50 * time.Millisecond)()
	in = telemetry.New(telemetry.Config{MeterProvider: mp})
	var a, b telemetry.Statement
	query(in, &a, context.Background())
	query(in, &b, context.Background())
	time.Sleep(100 * time.Millisecond)
	if n := count(t, reader, telemetry.MetricOperationDuration); n != telemetry.BatchSize {
		t.Fatalf("%d measurements were handed over with no statement to find them waiting, want none", n-telemetry.BatchSize)
	}
	query(in, &a, context.Background())     // finds its queue's oldest 100ms old
	want := uint64(telemetry.BatchSize + 3) // b's queue too
	deadline = time.Now().Add(5 * time.Second)
	for count(t, reader, telemetry.MetricOperationDuration) != want {
		if time.Now().After(deadline) {
			t.Fatalf("%s holds %d after a statement found its queue waiting, want %d",
				telemetry.MetricOperationDuration, count(t, reader, telemetry.MetricOperationDuration), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := count(t, reader, telemetry.MetricReturnedRows); n != want {
		t.Fatalf("%s holds %d, want %d", telemetry.MetricReturnedRows, n, want)
	}
}

// An Instrumentation that is no longer reachable hands its queued
// measurements over and unregisters its callback.
func TestUnreachableInstrumentationFlushes(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := withoutFlushCallback(reader)
	defer mp.Shutdown(context.Background())
	defer telemetry.SetFlushDelay(time.Hour)()
	func() {
		in := telemetry.New(telemetry.Config{MeterProvider: mp})
		var st telemetry.Statement
		for range 3 {
			query(in, &st, context.Background())
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for count(t, reader, telemetry.MetricOperationDuration) != 3 {
		if time.Now().After(deadline) {
			t.Fatal("the measurements of an unreachable Instrumentation were never handed over")
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

// Statements on many goroutines, collections among them: every
// collection sees at least the statements that ended before it began,
// whichever way their batches were being handed over (full, stale, or by
// another collection), and in the end every measurement is counted once.
func TestBatchConcurrent(t *testing.T) {
	for _, delay := range []time.Duration{time.Hour, 50 * time.Microsecond} {
		t.Run(delay.String(), func(t *testing.T) {
			defer telemetry.SetFlushDelay(delay)()
			reader := sdkmetric.NewManualReader()
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
			defer mp.Shutdown(context.Background())
			in := telemetry.New(telemetry.Config{MeterProvider: mp})
			const workers, each = 16, 4000
			var ended atomic.Int64
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					var st telemetry.Statement
					for i := range each {
						if (i+w)%7 == 0 {
							st = telemetry.Statement{} // a new one, maybe on another queue
						}
						query(in, &st, context.Background())
						ended.Add(1)
					}
				})
			}
			stop := make(chan struct{})
			var collectors sync.WaitGroup
			for range 3 {
				collectors.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						before := uint64(ended.Load())
						n, err := collectCount(reader, telemetry.MetricOperationDuration)
						if err != nil || n < before {
							t.Errorf("a collection saw %d measurements (%v); %d statements had ended before it", n, err, before)
							return
						}
					}
				})
			}
			wg.Wait()
			close(stop)
			collectors.Wait()
			if n := count(t, reader, telemetry.MetricOperationDuration); n != workers*each {
				t.Fatalf("%s holds %d, want %d", telemetry.MetricOperationDuration, n, workers*each)
			}
		})
	}
}

// A queued measurement keeps its context: its exemplar points at the
// caller's span.
func TestBatchKeepsExemplars(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader),
		sdkmetric.WithExemplarFilter(exemplar.TraceBasedFilter))
	defer mp.Shutdown(context.Background())
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	defer tp.Shutdown(context.Background())
	in := telemetry.New(telemetry.Config{MeterProvider: mp, TracerProvider: tp})
	ctx, parent := tp.Tracer("app").Start(context.Background(), "request")
	var st telemetry.Statement
	query(in, &st, ctx)
	parent.End()

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	want := parent.SpanContext().TraceID()
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != telemetry.MetricOperationDuration {
				continue
			}
			for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				for _, e := range p.Exemplars {
					if trace.TraceID(e.TraceID) == want {
						return
					}
				}
			}
		}
	}
	t.Fatalf("no exemplar of %s carries the caller's trace %s", telemetry.MetricOperationDuration, want)
}

// Statements measured through the global meter provider before the
// application sets its SDK: once it is set, a collection sees them. Run in
// a process of its own, since the global provider can be set only once.
func TestGlobalMeterProviderSetLater(t *testing.T) {
	if os.Getenv("DHSQL_TEST_GLOBAL_METER") != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGlobalMeterProviderSetLater$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DHSQL_TEST_GLOBAL_METER=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	defer telemetry.SetFlushDelay(time.Hour)()
	in := telemetry.New(telemetry.Config{}) // the global provider, no SDK yet
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())
	otel.SetMeterProvider(mp)
	var st telemetry.Statement
	query(in, &st, context.Background())
	if n := count(t, reader, telemetry.MetricOperationDuration); n != 1 {
		t.Fatalf("%s holds %d, want 1", telemetry.MetricOperationDuration, n)
	}
}

// blockedRecord is a meter provider whose duration histogram has a view
// with an attribute filter, which the SDK runs inside Record: once armed,
// the first Record blocks (and entered is closed) until release. The flush
// delay is an hour while it lives; it shuts down with the test, released.
type blockedRecord struct {
	reader  *sdkmetric.ManualReader
	mp      *sdkmetric.MeterProvider
	armed   atomic.Bool
	entered chan struct{}
	release func() // idempotent
}

func newBlockedRecord(t *testing.T) *blockedRecord {
	blk := &blockedRecord{reader: sdkmetric.NewManualReader(), entered: make(chan struct{})}
	var once, releaseOnce sync.Once
	released := make(chan struct{})
	blk.release = func() { releaseOnce.Do(func() { close(released) }) }
	filter := func(attribute.KeyValue) bool {
		if blk.armed.Load() {
			once.Do(func() { close(blk.entered); <-released })
		}
		return true
	}
	blk.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(blk.reader), sdkmetric.WithView(sdkmetric.NewView(
		sdkmetric.Instrument{Name: telemetry.MetricOperationDuration},
		sdkmetric.Stream{AttributeFilter: filter})))
	t.Cleanup(telemetry.SetFlushDelay(time.Hour))
	t.Cleanup(func() { blk.mp.Shutdown(context.Background()) })
	t.Cleanup(blk.release) // first, also when the test fails before releasing
	return blk
}

// The statement that fills a queue does not wait while the batch is
// handed over, and a collection that runs meanwhile waits for it: the
// statements that ended before the collection are in it.
func TestCollectWaitsForBatchInFlight(t *testing.T) {
	blk := newBlockedRecord(t)
	in := telemetry.New(telemetry.Config{MeterProvider: blk.mp})
	var st telemetry.Statement
	for range telemetry.BatchSize - 1 {
		query(in, &st, context.Background())
	}
	blk.armed.Store(true)
	ended := make(chan struct{})
	go func() { // the statement that fills the queue: its End hands the batch over
		query(in, &st, context.Background())
		close(ended)
	}()
	<-blk.entered
	// The statement has returned, though the SDK is still recording its
	// batch: a goroutine of the batcher's does, not the statement.
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the statement that filled the queue waited for the SDK to record the batch")
	}
	collected := make(chan uint64)
	go func() {
		n, err := collectCount(blk.reader, telemetry.MetricOperationDuration)
		if err != nil {
			t.Error(err)
		}
		collected <- n
	}()
	time.Sleep(20 * time.Millisecond) // the collection reaches the queue
	blk.release()
	if n := <-collected; n != telemetry.BatchSize {
		t.Fatalf("a collection during a hand-over saw %d measurements, want %d", n, telemetry.BatchSize)
	}
}

// A collection right after a queue filled up sees its batch, whether or
// not the batcher's goroutine has recorded it yet. On one P the goroutine
// does not run before the collection, which records the batch itself.
func TestCollectSeesHandedOverBatch(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())
	defer telemetry.SetFlushDelay(time.Hour)()
	in := telemetry.New(telemetry.Config{MeterProvider: mp})
	var a, b telemetry.Statement // two queues
	for range telemetry.BatchSize {
		query(in, &a, context.Background())
	}
	for range telemetry.BatchSize + 1 {
		query(in, &b, context.Background())
	}
	if n := count(t, reader, telemetry.MetricOperationDuration); n != 2*telemetry.BatchSize+1 {
		t.Fatalf("%s holds %d, want %d", telemetry.MetricOperationDuration, n, 2*telemetry.BatchSize+1)
	}
}

// A queue that hands its full batch over while a collection's flush is
// going through the queues (after looking for full batches, before
// reaching that queue) still has the batch's statements, which ended
// before the collection began, in that collection.
func TestCollectSeesBatchHandedOverDuringIt(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // four queues
	blk := newBlockedRecord(t)
	in := telemetry.New(telemetry.Config{MeterProvider: blk.mp})
	var a, b telemetry.Statement // queues 1 and 2; a flush goes through 0, 1, 2, 3
	query(in, &a, context.Background())
	for range telemetry.BatchSize - 1 {
		query(in, &b, context.Background())
	}
	blk.armed.Store(true)
	collected := make(chan uint64)
	go func() {
		n, err := collectCount(blk.reader, telemetry.MetricOperationDuration)
		if err != nil {
			t.Error(err)
		}
		collected <- n
	}()
	<-blk.entered                       // the flush records queue 1, queue 2 still ahead
	query(in, &b, context.Background()) // queue 2 is full: its batch is handed over
	blk.release()
	if n, want := <-collected, uint64(telemetry.BatchSize); n < want {
		t.Fatalf("the collection saw %d measurements; %d statements had ended before it", n, want)
	}
}

// unregisterCounter is a meter provider that counts the Unregister calls
// of the callback registrations its meters make.
type unregisterCounter struct {
	metric.MeterProvider
	n *atomic.Int32
}

type countingMeter struct {
	metric.Meter
	n *atomic.Int32
}

type countingRegistration struct {
	metric.Registration
	n *atomic.Int32
}

func (p unregisterCounter) Meter(name string, opts ...metric.MeterOption) metric.Meter {
	return countingMeter{p.MeterProvider.Meter(name, opts...), p.n}
}

func (m countingMeter) RegisterCallback(f metric.Callback, insts ...metric.Observable) (metric.Registration, error) {
	r, err := m.Meter.RegisterCallback(f, insts...)
	if r != nil {
		r = countingRegistration{r, m.n}
	}
	return r, err
}

func (r countingRegistration) Unregister() error {
	r.n.Add(1)
	return r.Registration.Unregister()
}

// The meter's registration of the flush callback does not keep an
// Instrumentation reachable: once it is not, the callback is unregistered.
func TestUnreachableInstrumentationUnregisters(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())
	defer telemetry.SetFlushDelay(time.Hour)()
	var unregistered atomic.Int32
	func() {
		in := telemetry.New(telemetry.Config{MeterProvider: unregisterCounter{mp, &unregistered}})
		var st telemetry.Statement
		for range 3 {
			query(in, &st, context.Background())
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for unregistered.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the flush callback of an unreachable Instrumentation stays registered")
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	deadline = time.Now().Add(10 * time.Second)
	for count(t, reader, telemetry.MetricOperationDuration) != 3 {
		if time.Now().After(deadline) {
			t.Fatal("the measurements of an unreachable Instrumentation were lost")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// noCallbacks is a meter provider whose meters refuse callbacks.
type noCallbacks struct{ metric.MeterProvider }

type noCallbackMeter struct{ metric.Meter }

func (p noCallbacks) Meter(name string, opts ...metric.MeterOption) metric.Meter {
	return noCallbackMeter{p.MeterProvider.Meter(name, opts...)}
}

func (noCallbackMeter) RegisterCallback(metric.Callback, ...metric.Observable) (metric.Registration, error) {
	return nil, errors.New("callbacks refused")
}

// A meter that cannot call back before collecting gets the measurements
// at once.
func TestRecordedAtOnceWithoutCallback(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())
	defer telemetry.SetFlushDelay(time.Hour)()
	old := otel.GetErrorHandler()
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(error) {})) // New reports the refusal
	defer otel.SetErrorHandler(old)
	in := telemetry.New(telemetry.Config{MeterProvider: noCallbacks{mp}})
	var st telemetry.Statement
	query(in, &st, context.Background())
	st.Begin(context.Background(), in, &telemetry.Operation{Summary: "SELECT users", ReturnsRows: true}, true)
	st.End(telemetry.Result{Err: errors.New("e")})
	if n := count(t, reader, telemetry.MetricOperationDuration); n != 2 {
		t.Fatalf("%s holds %d, want 2", telemetry.MetricOperationDuration, n)
	}
	if n := count(t, reader, telemetry.MetricReturnedRows); n != 2 {
		t.Fatalf("%s holds %d, want 2", telemetry.MetricReturnedRows, n)
	}
}
