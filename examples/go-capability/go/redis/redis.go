// Package redis is the Capability logic of the example plugin, category "cache", type
// "redis": its dependents are a ConfigMap with the Redis configuration and a Deployment.
// It is served both as a go-plugin child process (../plugin) and as a remote plugin (../remote).
package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	capv1 "halkyon.io/capability/v1"
)

// Name and Version are what GetInfo reports.
const (
	Name    = "redis"
	Version = "0.1.0"
)

var versions = []string{"6", "7"}

// Server implements capv1.CapabilityPluginServer.
type Server struct {
	// Log receives a message and key/value pairs (hclog's Info has this signature).
	Log func(msg string, keyValues ...interface{})
	// BuildDelay makes Build wait this long, or until its call is cancelled, before answering:
	// lets tests watch deadlines, cancels and concurrent calls. Zero in production.
	BuildDelay time.Duration
}

// owner is the part of the Capability this plugin reads.
type owner struct {
	Metadata struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
		UID       string `json:"uid"`
	} `json:"metadata"`
	Spec struct {
		Version    string `json:"version"`
		Parameters []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"parameters"`
	} `json:"spec"`
}

func parseOwner(data []byte) (*owner, error) {
	o := &owner{}
	if err := json.Unmarshal(data, o); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "owner is not valid JSON: %v", err)
	}
	if o.Metadata.Name == "" {
		return nil, status.Error(codes.InvalidArgument, "owner has no metadata.name")
	}
	return o, nil
}

func (o *owner) version() string {
	if o.Spec.Version == "" {
		return versions[len(versions)-1]
	}
	return o.Spec.Version
}

func (o *owner) parameter(name, def string) string {
	for _, p := range o.Spec.Parameters {
		if p.Name == name {
			return p.Value
		}
	}
	return def
}

func (Server) GetInfo(context.Context, *capv1.GetInfoRequest) (*capv1.PluginInfo, error) {
	return &capv1.PluginInfo{Name: Name, Version: Version, Category: "cache",
		Types: []*capv1.TypeInfo{{Type: "redis", Versions: versions}}}, nil
}

func (Server) CheckValidity(_ context.Context, req *capv1.OwnerRequest) (*capv1.ValidityResponse, error) {
	o, err := parseOwner(req.Owner)
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		if v == o.version() {
			return &capv1.ValidityResponse{}, nil
		}
	}
	return &capv1.ValidityResponse{Errors: []string{fmt.Sprintf("redis version %q is not offered; offered: %v", o.version(), versions)}}, nil
}

func configKey(o *owner) *capv1.DependentKey {
	return &capv1.DependentKey{Version: "v1", Kind: "ConfigMap", Name: o.Metadata.Name + "-config"}
}

func deploymentKey(o *owner) *capv1.DependentKey {
	return &capv1.DependentKey{Group: "apps", Version: "v1", Kind: "Deployment", Name: o.Metadata.Name}
}

func (Server) GetDependents(_ context.Context, req *capv1.OwnerRequest) (*capv1.DependentsResponse, error) {
	o, err := parseOwner(req.Owner)
	if err != nil {
		return nil, err
	}
	return &capv1.DependentsResponse{Dependents: []*capv1.Dependent{
		{Key: configKey(o), Config: &capv1.DependentConfig{Watched: true, Owned: true, Created: true}},
		{Key: deploymentKey(o), Config: &capv1.DependentConfig{Watched: true, Owned: true, Created: true,
			Updated: true, CheckedForReadiness: true}},
	}}, nil
}

func sameKey(a, b *capv1.DependentKey) bool {
	return a.GetGroup() == b.GetGroup() && a.GetVersion() == b.GetVersion() && a.GetKind() == b.GetKind() && a.GetName() == b.GetName()
}

func build(o *owner, key *capv1.DependentKey) (map[string]interface{}, error) {
	meta := map[string]interface{}{"name": key.Name, "namespace": o.Metadata.Namespace,
		"labels": map[string]string{"app": o.Metadata.Name, "app.kubernetes.io/managed-by": "halkyon"}}
	switch {
	case sameKey(key, configKey(o)):
		return map[string]interface{}{"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta,
			"data": map[string]string{"redis.conf": "maxmemory " + o.parameter("maxmemory", "64mb") + "\n"}}, nil
	case sameKey(key, deploymentKey(o)):
		labels := map[string]string{"app": o.Metadata.Name}
		return map[string]interface{}{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
			"spec": map[string]interface{}{
				"replicas": 1,
				"selector": map[string]interface{}{"matchLabels": labels},
				"template": map[string]interface{}{
					"metadata": map[string]interface{}{"labels": labels},
					"spec": map[string]interface{}{"containers": []interface{}{map[string]interface{}{
						"name": "redis", "image": "redis:" + o.version(),
						"ports": []interface{}{map[string]interface{}{"containerPort": 6379}},
					}}},
				},
			}}, nil
	}
	return nil, status.Errorf(codes.NotFound, "no dependent %s/%s/%s/%s", key.GetGroup(), key.GetVersion(), key.GetKind(), key.GetName())
}

func (s Server) Build(ctx context.Context, req *capv1.DependentRequest) (*capv1.BuildResponse, error) {
	o, err := parseOwner(req.Owner)
	if err != nil {
		return nil, err
	}
	obj, err := build(o, req.Dependent)
	if err != nil {
		return nil, err
	}
	if s.BuildDelay > 0 {
		delay := time.NewTimer(s.BuildDelay)
		defer delay.Stop()
		select {
		case <-delay.C:
		case <-ctx.Done():
			return nil, status.FromContextError(ctx.Err()).Err()
		}
	}
	s.Log("built dependent", "kind", req.Dependent.Kind, "name", req.Dependent.Name)
	data, _ := json.Marshal(obj)
	return &capv1.BuildResponse{Object: data}, nil
}

func (Server) Update(_ context.Context, req *capv1.DependentRequest) (*capv1.UpdateResponse, error) {
	if _, err := parseOwner(req.Owner); err != nil {
		return nil, err
	}
	return &capv1.UpdateResponse{Changed: false}, nil
}

func (Server) GetCondition(_ context.Context, req *capv1.DependentRequest) (*capv1.ConditionResponse, error) {
	var live struct {
		Status struct {
			AvailableReplicas int `json:"availableReplicas"`
		} `json:"status"`
	}
	if err := json.Unmarshal(req.Live, &live); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "live object is not valid JSON: %v", err)
	}
	if live.Status.AvailableReplicas > 0 {
		return &capv1.ConditionResponse{Condition: &capv1.Condition{Type: "Ready", Reason: "Ready", Message: "redis is available"}}, nil
	}
	return &capv1.ConditionResponse{Condition: &capv1.Condition{Type: "Pending", Reason: "NotAvailable", Message: "0 replicas available"}}, nil
}
