// go-counter-plugin: go-plugin's bidirectional example plugin, keeping values in memory.
// Put(add_server, key, value) dials the host's AddHelper through the GRPCBroker and stores
// Sum(current, value); Get returns the stored value.
package main

import (
	"context"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"halkyon.io/examples/counterproto"
	"halkyon.io/examples/kv/shared"
)

type counter struct {
	log    hclog.Logger
	broker *plugin.GRPCBroker
	mu     sync.Mutex
	values map[string]int64
}

func (c *counter) Put(ctx context.Context, req *counterproto.PutRequest) (*counterproto.Empty, error) {
	conn, err := c.broker.Dial(req.AddServer)
	if err != nil {
		return nil, status.Errorf(codes.Unavailable, "dialing the host's AddHelper (broker id %d): %v", req.AddServer, err)
	}
	defer conn.Close()

	// Held across the call back so that concurrent Puts of a key add up.
	c.mu.Lock()
	defer c.mu.Unlock()
	current := c.values[req.Key]
	sum, err := counterproto.NewAddHelperClient(conn).Sum(ctx, &counterproto.SumRequest{A: current, B: req.Value})
	if err != nil {
		return nil, status.Errorf(status.Code(err), "host AddHelper.Sum: %s", status.Convert(err).Message())
	}
	c.values[req.Key] = sum.R
	c.log.Info("put", "key", req.Key, "add", req.Value, "value", sum.R)
	return &counterproto.Empty{}, nil
}

func (c *counter) Get(_ context.Context, req *counterproto.GetRequest) (*counterproto.GetResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.values[req.Key]
	c.log.Debug("get", "key", req.Key, "found", ok)
	if !ok {
		return nil, status.Errorf(codes.NotFound, "no value for key '%s'", req.Key)
	}
	return &counterproto.GetResponse{Value: v}, nil
}

func main() {
	logger := shared.PluginLogger("counter")
	values := map[string]int64{}
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: shared.Handshake,
		Plugins: map[string]plugin.Plugin{"counter": &shared.Counter{
			// One connection, so one server and one broker per process.
			New: func(b *plugin.GRPCBroker) counterproto.CounterServer {
				return &counter{log: logger, broker: b, values: values}
			},
		}},
		GRPCServer: plugin.DefaultGRPCServer,
		Logger:     logger,
	})
}
