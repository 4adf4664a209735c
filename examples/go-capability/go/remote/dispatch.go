package main

import (
	"context"

	"github.com/golang/protobuf/proto"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// methods maps full gRPC method names ("/package.Service/Method", as rpc_call's method) to the
// unary handlers of the services the plugin serves: payload in, response bytes out.
type methods struct {
	handlers map[string]func(ctx context.Context, payload []byte) ([]byte, error)
	services []string
}

func newMethods() *methods {
	return &methods{handlers: map[string]func(context.Context, []byte) ([]byte, error){}}
}

// add serves desc's unary methods with impl, through the generated handlers (the same code a
// grpc.Server runs). Streaming methods are left out: the stream carries unary calls only.
func (m *methods) add(desc grpc.ServiceDesc, impl interface{}) {
	m.services = append(m.services, desc.ServiceName)
	for _, md := range desc.Methods {
		handler := md.Handler
		m.handlers["/"+desc.ServiceName+"/"+md.MethodName] = func(ctx context.Context, payload []byte) ([]byte, error) {
			decode := func(in interface{}) error {
				if err := proto.Unmarshal(payload, in.(proto.Message)); err != nil {
					return status.Errorf(codes.InvalidArgument, "the payload is not a %s: %v", proto.MessageName(in.(proto.Message)), err)
				}
				return nil
			}
			out, err := handler(impl, ctx, decode, nil)
			if err != nil {
				return nil, err
			}
			return proto.Marshal(out.(proto.Message))
		}
	}
}

// call serves one call; a panic in a handler is the call's INTERNAL error, not the plugin's end.
func (m *methods) call(ctx context.Context, method string, payload []byte) (out []byte, err error) {
	handler, ok := m.handlers[method]
	if !ok {
		return nil, status.Errorf(codes.Unimplemented, "unknown method %s (this plugin serves %v)", method, m.services)
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, status.Errorf(codes.Internal, "%s failed: %v", method, r)
		}
	}()
	return handler(ctx, payload)
}

// codeNames are the gRPC status codes' names as error.code carries them (docs/protocol.md, 14.3):
// "INVALID_ARGUMENT", not Go's codes.InvalidArgument.String() ("InvalidArgument").
var codeNames = [...]string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
	"ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
	"UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}

func codeName(c codes.Code) string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "UNKNOWN"
}
