// A capability plugin written in Go with HashiCorp go-plugin: category "cache", type
// "redis" (the logic is in ../redis, shared with the remote plugin ../remote). It shows that
// the wire protocol is go-plugin's: the Halkyon host loads it like any Java plugin.
package main

import (
	"context"
	"os"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	capv1 "halkyon.io/capability/v1"
	"halkyon.io/examples/go-capability/redis"
)

var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "HALKYON_CAPABILITY_PLUGIN",
	MagicCookieValue: "io.halkyon.capability.plugin",
}

var logger = hclog.New(&hclog.LoggerOptions{Name: "redis", Output: os.Stderr, JSONFormat: true, Level: hclog.Debug})

type capabilityPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (capabilityPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	capv1.RegisterCapabilityPluginServer(s, redis.Server{Log: logger.Info})
	return nil
}

func (capabilityPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return capv1.NewCapabilityPluginClient(c), nil
}

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: handshake,
		Plugins:         map[string]plugin.Plugin{"capability": capabilityPlugin{}},
		GRPCServer:      plugin.DefaultGRPCServer,
		Logger:          logger,
	})
}
