package main

import (
	"context"
	"io"
	"sync"
	"time"

	"google.golang.org/grpc/status"

	pb "halkyon.io/pluginframework/v1"
)

// maxConcurrentCalls bounds the calls served at once; more wait for a slot within their deadline.
const maxConcurrentCalls = 64

// session is one registration stream after register was sent: it serves each rpc_call in a
// goroutine of its own, cancels the call a cancel names, and sends every answer through send,
// one at a time (grpc-go's Send is not safe for concurrent use).
type session struct {
	stream  pb.PluginFrameworkService_PluginStreamClient
	methods *methods
	slots   chan struct{}

	sendMu sync.Mutex // held for every Send and CloseSend

	mu       sync.Mutex
	inFlight map[string]context.CancelFunc // calls received, not yet answered nor cancelled
}

func newSession(stream pb.PluginFrameworkService_PluginStreamClient, m *methods) *session {
	return &session{stream: stream, methods: m, slots: make(chan struct{}, maxConcurrentCalls),
		inFlight: map[string]context.CancelFunc{}}
}

func (s *session) send(m *pb.PluginStreamMessage) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	// io.EOF: the stream has ended; receive reports how.
	if err := s.stream.Send(m); err != nil && err != io.EOF {
		logf("cannot send: %v", err)
	}
}

// closeSend half-closes the stream: the operator then ends it, failing calls still in flight as
// UNAVAILABLE (retryable, on another replica).
func (s *session) closeSend() {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	_ = s.stream.CloseSend()
}

// receive reads the operator's messages until the stream ends, and returns why.
func (s *session) receive() error {
	for {
		m, err := s.stream.Recv()
		if err != nil {
			return err
		}
		switch p := m.Payload.(type) {
		case *pb.PluginStreamMessage_RpcCall:
			s.start(p.RpcCall)
		case *pb.PluginStreamMessage_Cancel:
			s.cancel(p.Cancel.GetRequestId())
		default:
			logf("ignored a %T from the operator (it sends rpc_call and cancel only)", m.Payload)
		}
	}
}

func (s *session) start(call *pb.PluginRPCCall) {
	id := call.GetRequestId()
	var ctx context.Context
	var cancel context.CancelFunc
	if call.GetTimeoutMillis() > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), time.Duration(call.GetTimeoutMillis())*time.Millisecond)
	} else {
		ctx, cancel = context.WithCancel(context.Background())
	}
	s.mu.Lock()
	_, duplicate := s.inFlight[id]
	if !duplicate {
		s.inFlight[id] = cancel
	}
	n := len(s.inFlight)
	s.mu.Unlock()
	if duplicate {
		cancel()
		logf("call %s ignored: a call with this request_id is in flight", id)
		return
	}
	logf("call %s %s (timeout %d ms, %d in flight)", id, call.GetMethod(), call.GetTimeoutMillis(), n)
	go s.serve(ctx, cancel, call)
}

func (s *session) serve(ctx context.Context, cancel context.CancelFunc, call *pb.PluginRPCCall) {
	defer cancel()
	id := call.GetRequestId()
	var out []byte
	var err error
	select {
	case s.slots <- struct{}{}:
		out, err = s.methods.call(ctx, call.GetMethod(), call.GetPayload())
		<-s.slots
	case <-ctx.Done():
	}
	if !s.finish(id) {
		logf("call %s not answered: cancelled", id)
		return
	}
	// The operator's wait started before ours (timeout_millis is what it had left when it
	// sent the call), so past our deadline it no longer waits: an answer would be dropped.
	if ctx.Err() != nil {
		logf("call %s not answered: its deadline passed", id)
		return
	}
	if err != nil {
		st := status.Convert(err)
		logf("call %s failed: %s: %s", id, codeName(st.Code()), st.Message())
		s.send(&pb.PluginStreamMessage{Payload: &pb.PluginStreamMessage_Error{Error: &pb.PluginError{
			RequestId: id, Code: codeName(st.Code()), Message: st.Message()}}})
		return
	}
	logf("call %s answered", id)
	s.send(&pb.PluginStreamMessage{Payload: &pb.PluginStreamMessage_RpcResponse{RpcResponse: &pb.PluginRPCResponse{
		RequestId: id, Payload: out}}})
}

// finish takes a served call out of inFlight; false when it was cancelled meanwhile.
func (s *session) finish(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.inFlight[id]
	delete(s.inFlight, id)
	return ok
}

// cancel stops serving a call the operator gave up on; nothing is sent for it.
func (s *session) cancel(id string) {
	s.mu.Lock()
	stop, ok := s.inFlight[id]
	delete(s.inFlight, id)
	s.mu.Unlock()
	if !ok {
		logf("cancel %s: not in flight any more (answered, or past its deadline)", id)
		return
	}
	logf("cancel %s", id)
	stop()
}

// cancelAll stops every call in flight: the stream is gone, their answers cannot be sent.
func (s *session) cancelAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, stop := range s.inFlight {
		stop()
		delete(s.inFlight, id)
	}
}
