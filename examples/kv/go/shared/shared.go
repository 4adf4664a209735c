// Package shared holds what the KV and counter plugins and their Go hosts agree on: the
// handshake and the go-plugin Plugin implementations that bind the gRPC services.
package shared

import (
	"context"
	"errors"
	"os"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"halkyon.io/examples/counterproto"
	"halkyon.io/examples/kvproto"
)

// Handshake is go-plugin's examples' handshake. ProtocolVersion is the default app
// version; the KV programs override it with VersionedPlugins.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "BASIC_PLUGIN",
	MagicCookieValue: "hello",
}

// PluginLogger logs JSON lines on stderr, go-plugin's convention, so a host re-logs them
// at their level under the plugin's name.
func PluginLogger(name string) hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{Name: name, Output: os.Stderr, JSONFormat: true, Level: hclog.Debug})
}

// HostLogger logs text on stderr at the level named by the environment variable env
// (default info).
func HostLogger(name, env string) hclog.Logger {
	level := hclog.LevelFromString(os.Getenv(env))
	if level == hclog.NoLevel {
		level = hclog.Info
	}
	return hclog.New(&hclog.LoggerOptions{Name: name, Output: os.Stderr, Level: level})
}

// KV is the "kv_grpc" plugin. A plugin sets Impl; a host gets a kvproto.KVClient.
type KV struct {
	plugin.NetRPCUnsupportedPlugin
	Impl kvproto.KVServer
}

func (p *KV) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	if p.Impl == nil {
		return errors.New("kv_grpc: no server implementation")
	}
	kvproto.RegisterKVServer(s, p.Impl)
	return nil
}

func (p *KV) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return kvproto.NewKVClient(c), nil
}

// Counter is the "counter" plugin. Its server needs the broker to dial the host's
// AddHelper back, so a plugin sets New, which gets the broker. A host gets a
// *CounterClient.
type Counter struct {
	plugin.NetRPCUnsupportedPlugin
	New func(*plugin.GRPCBroker) counterproto.CounterServer
}

func (p *Counter) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	if p.New == nil {
		return errors.New("counter: no server implementation")
	}
	counterproto.RegisterCounterServer(s, p.New(broker))
	return nil
}

func (p *Counter) GRPCClient(_ context.Context, broker *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return &CounterClient{broker: broker, client: counterproto.NewCounterClient(c)}, nil
}

// CounterClient is the host's view of the counter plugin.
type CounterClient struct {
	broker *plugin.GRPCBroker
	client counterproto.CounterClient
}

// Put serves helper on a fresh broker id for the duration of the call, and passes that
// id to the plugin, which dials it to compute the new value (go-plugin's bidirectional
// example).
func (c *CounterClient) Put(ctx context.Context, key string, value int64, helper counterproto.AddHelperServer) error {
	var mu sync.Mutex
	var server *grpc.Server
	id := c.broker.NextId()
	// AcceptAndServe announces the listener on the broker stream, then builds the
	// server with the broker's TLS options, and serves until Stop or broker close.
	go c.broker.AcceptAndServe(id, func(opts []grpc.ServerOption) *grpc.Server {
		mu.Lock()
		defer mu.Unlock()
		server = grpc.NewServer(opts...)
		counterproto.RegisterAddHelperServer(server, helper)
		return server
	})
	_, err := c.client.Put(ctx, &counterproto.PutRequest{AddServer: id, Key: key, Value: value})
	mu.Lock()
	if server != nil {
		server.Stop()
	}
	mu.Unlock()
	return err
}

// Get returns the counter's value for key.
func (c *CounterClient) Get(ctx context.Context, key string) (int64, error) {
	resp, err := c.client.Get(ctx, &counterproto.GetRequest{Key: key})
	if err != nil {
		return 0, err
	}
	return resp.Value, nil
}
