// go-kv-plugin: go-plugin's "kv_grpc" example plugin, keeping values in memory. It
// speaks app protocol versions 1 and 2 (the same service), so a host can negotiate either.
package main

import (
	"context"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"halkyon.io/examples/kv/shared"
	"halkyon.io/examples/kvproto"
)

type store struct {
	log    hclog.Logger
	mu     sync.Mutex
	values map[string][]byte
}

func (s *store) Put(_ context.Context, req *kvproto.PutRequest) (*kvproto.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[req.Key] = append([]byte(nil), req.Value...)
	s.log.Info("put", "key", req.Key, "bytes", len(req.Value))
	return &kvproto.Empty{}, nil
}

func (s *store) Get(_ context.Context, req *kvproto.GetRequest) (*kvproto.GetResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[req.Key]
	s.log.Debug("get", "key", req.Key, "found", ok)
	if !ok {
		return nil, status.Errorf(codes.NotFound, "no value for key '%s'", req.Key)
	}
	return &kvproto.GetResponse{Value: v}, nil
}

func main() {
	logger := shared.PluginLogger("kv")
	kv := &shared.KV{Impl: &store{log: logger, values: map[string][]byte{}}}
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: shared.Handshake,
		VersionedPlugins: map[int]plugin.PluginSet{
			1: {"kv_grpc": kv},
			2: {"kv_grpc": kv},
		},
		GRPCServer: plugin.DefaultGRPCServer,
		Logger:     logger,
	})
}
