// The Go plugin of benchmarks/run: a go-plugin (gRPC protocol) child process whose
// CapabilityPlugin.Build answers at once with an object of BENCH_RESPONSE_SIZE bytes, the size of
// the Java example's Build answer. No JSON work: it is the floor of a Go plugin's unary call.
package main

import (
	"bytes"
	"context"
	"os"
	"strconv"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	capv1 "halkyon.io/capability/v1"
)

var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "HALKYON_CAPABILITY_PLUGIN",
	MagicCookieValue: "io.halkyon.capability.plugin",
}

type echoServer struct {
	capv1.UnimplementedCapabilityPluginServer
	answer *capv1.BuildResponse
}

func (s *echoServer) Build(context.Context, *capv1.DependentRequest) (*capv1.BuildResponse, error) {
	return s.answer, nil
}

type capabilityPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	server *echoServer
}

func (p capabilityPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	capv1.RegisterCapabilityPluginServer(s, p.server)
	return nil
}

func (capabilityPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return capv1.NewCapabilityPluginClient(c), nil
}

func main() {
	size, err := strconv.Atoi(os.Getenv("BENCH_RESPONSE_SIZE"))
	if err != nil || size < 0 {
		os.Stderr.WriteString("BENCH_RESPONSE_SIZE must be a byte count\n")
		os.Exit(2)
	}
	answer := &capv1.BuildResponse{Object: bytes.Repeat([]byte{'x'}, size)}
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: handshake,
		Plugins:         map[string]plugin.Plugin{"capability": capabilityPlugin{server: &echoServer{answer: answer}}},
		GRPCServer:      plugin.DefaultGRPCServer,
		Logger:          hclog.New(&hclog.LoggerOptions{Name: "bench", Output: os.Stderr, Level: hclog.Warn}),
	})
}
