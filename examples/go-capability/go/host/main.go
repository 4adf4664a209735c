// A minimal go-plugin host, used by the interop tests to load a Halkyon plugin (built
// with our Java SDK) exactly as a go-plugin application would: handshake, gRPC connect,
// broker stream, health ping, capability calls, then go-plugin's Kill (Shutdown RPC,
// 2 s grace, SIGKILL). Usage: host <plugin command> [args...]. It prints one JSON object.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	capv1 "halkyon.io/capability/v1"
)

type capabilityPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (capabilityPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return fmt.Errorf("host side only")
}

func (capabilityPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return capv1.NewCapabilityPluginClient(c), nil
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: host <plugin command> [args...]")
	}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{ProtocolVersion: 1,
			MagicCookieKey: "HALKYON_CAPABILITY_PLUGIN", MagicCookieValue: "io.halkyon.capability.plugin"},
		Plugins:          map[string]plugin.Plugin{"capability": capabilityPlugin{}},
		Cmd:              exec.Command(os.Args[1], os.Args[2:]...),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		StartTimeout:     30 * time.Second,
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "gohost", Output: os.Stderr, Level: hclog.Debug}),
	})
	defer client.Kill()

	rpc, err := client.Client()
	if err != nil {
		fail("connecting to the plugin: %v", err)
	}
	if err := rpc.Ping(); err != nil {
		fail("ping: %v", err)
	}
	raw, err := rpc.Dispense("capability")
	if err != nil {
		fail("dispense: %v", err)
	}
	cap := raw.(capv1.CapabilityPluginClient)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	info, err := cap.GetInfo(ctx, &capv1.GetInfoRequest{})
	if err != nil {
		fail("GetInfo: %v", err)
	}
	owner := []byte(`{"apiVersion":"halkyon.io/v1beta1","kind":"Capability","metadata":{"name":"db1","namespace":"demo"},` +
		`"spec":{"category":"` + info.Category + `","type":"` + info.Types[0].Type + `","version":""}}`)
	deps, err := cap.GetDependents(ctx, &capv1.OwnerRequest{Owner: owner})
	if err != nil {
		fail("GetDependents: %v", err)
	}
	kinds := []string{}
	for _, d := range deps.Dependents {
		kinds = append(kinds, d.Key.Kind+"/"+d.Key.Name)
	}
	built, err := cap.Build(ctx, &capv1.DependentRequest{Owner: owner, Dependent: deps.Dependents[0].Key})
	if err != nil {
		fail("Build: %v", err)
	}
	var obj map[string]interface{}
	if err := json.Unmarshal(built.Object, &obj); err != nil {
		fail("Build returned invalid JSON: %v", err)
	}
	_, buildErr := cap.Build(ctx, &capv1.DependentRequest{Owner: owner,
		Dependent: &capv1.DependentKey{Version: "v1", Kind: "Nothing", Name: "none"}})

	pid := client.ReattachConfig().Pid
	client.Kill()
	out, _ := json.Marshal(map[string]interface{}{
		"protocol":         client.NegotiatedVersion(),
		"pid":              pid,
		"name":             info.Name,
		"category":         info.Category,
		"types":            info.Types,
		"dependents":       kinds,
		"firstBuiltKind":   obj["kind"],
		"unknownBuildErr":  fmt.Sprint(buildErr),
		"exitedAfterKill":  client.Exited(),
	})
	fmt.Println(string(out))
}
