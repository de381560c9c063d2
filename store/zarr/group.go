package zarr

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/chunkwise/chunkwise/store"
)

// Group is a Zarr v2 or v3 group: a node holding arrays and groups.
type Group struct {
	s      store.Store
	path   string
	format int
	attrs  map[string]any
	// consolidated holds the documents of a v2 .zmetadata, or the
	// zarr.json documents of a v3 group's consolidated_metadata, keyed by
	// path relative to the store root; nil without consolidated metadata.
	consolidated map[string]json.RawMessage
}

// Member is a child of a group: exactly one of Array and Group is set.
type Member struct {
	Name  string // name inside the group
	Array *Array
	Group *Group
}

// OpenGroup opens the group at path in s ("" for the root): a v3
// zarr.json of node_type "group" or a v2 .zgroup (with .zattrs, and
// .zmetadata when the group has consolidated metadata, which Members then
// uses instead of reading each child's metadata). A v3 group's
// consolidated metadata, as zarr-python 3 writes it, is the
// consolidated_metadata field of its zarr.json: the zarr.json documents of
// every node below it, keyed by path relative to the group.
func OpenGroup(ctx context.Context, s store.Store, path string) (*Group, error) {
	path, err := cleanPath(path)
	if err != nil {
		return nil, err
	}
	return openGroup(ctx, s, path, nil)
}

func openGroup(ctx context.Context, s store.Store, path string, cons map[string]json.RawMessage) (*Group, error) {
	g := &Group{s: s, path: path, consolidated: cons}
	var b []byte
	var err error
	if cons != nil {
		if b = cons[join(path, "zarr.json")]; b == nil {
			if _, ok := cons[join(path, ".zgroup")]; !ok {
				return nil, fmt.Errorf("zarr: no group at %q", path)
			}
			g.format = 2
			if a, ok := cons[join(path, ".zattrs")]; ok {
				json.Unmarshal(a, &g.attrs)
			}
			return g.init(), nil
		}
	} else if b, err = get(ctx, s, join(path, "zarr.json")); err != nil {
		return nil, fmt.Errorf("zarr: group %q: %w", path, err)
	}
	if b != nil {
		if f := formatOf(b); f != 3 {
			return nil, fmt.Errorf("zarr: group %q: %w: zarr_format %d", path, ErrUnsupported, f)
		}
		var j struct {
			NodeType     string         `json:"node_type"`
			Attributes   map[string]any `json:"attributes"`
			Consolidated *struct {
				Kind     string                     `json:"kind"`
				Metadata map[string]json.RawMessage `json:"metadata"`
			} `json:"consolidated_metadata"`
		}
		if err := json.Unmarshal(b, &j); err != nil {
			return nil, fmt.Errorf("zarr: group %q: %w: zarr.json: %v", path, ErrCorrupt, err)
		}
		if j.NodeType != "group" {
			return nil, fmt.Errorf("zarr: %q is a %s, not a group", path, j.NodeType)
		}
		if err := checkV3Fields(b, v3GroupFields); err != nil {
			return nil, fmt.Errorf("zarr: group %q: %w", path, err)
		}
		g.format, g.attrs = 3, j.Attributes
		if c := j.Consolidated; c != nil && cons == nil {
			if c.Kind != "inline" {
				return nil, fmt.Errorf("zarr: group %q: %w: consolidated_metadata of kind %q", path, ErrUnsupported, c.Kind)
			}
			g.consolidated = make(map[string]json.RawMessage, len(c.Metadata))
			for k, v := range c.Metadata {
				p, err := cleanPath(k)
				if err != nil || p == "" {
					return nil, fmt.Errorf("zarr: group %q: %w: consolidated_metadata names %q", path, ErrCorrupt, k)
				}
				g.consolidated[join(path, join(p, "zarr.json"))] = v
			}
		}
		return g.init(), nil
	}
	b, err = get(ctx, s, join(path, ".zgroup"))
	if err != nil {
		return nil, fmt.Errorf("zarr: group %q: %w", path, err)
	}
	if b == nil {
		return nil, fmt.Errorf("zarr: no group at %q (no zarr.json or .zgroup): %w", path, store.ErrNotFound)
	}
	if f := formatOf(b); f != 2 {
		return nil, fmt.Errorf("zarr: group %q: %w: zarr_format %d in .zgroup", path, ErrUnsupported, f)
	}
	g.format = 2
	if g.attrs, err = readAttrs(ctx, s, path); err != nil {
		return nil, err
	}
	if zm, err := get(ctx, s, join(path, ".zmetadata")); err != nil {
		return nil, err
	} else if zm != nil {
		var j struct {
			Metadata map[string]json.RawMessage `json:"metadata"`
		}
		if err := json.Unmarshal(zm, &j); err != nil {
			return nil, fmt.Errorf("zarr: group %q: %w: .zmetadata: %v", path, ErrCorrupt, err)
		}
		g.consolidated = make(map[string]json.RawMessage, len(j.Metadata))
		for k, v := range j.Metadata {
			g.consolidated[join(path, k)] = v
		}
	}
	return g.init(), nil
}

func (g *Group) init() *Group {
	if g.attrs == nil {
		g.attrs = map[string]any{}
	}
	return g
}

// Path returns the group's path in its store ("" for the root).
func (g *Group) Path() string { return g.path }

// Format returns the Zarr format version, 2 or 3.
func (g *Group) Format() int { return g.format }

// Attrs returns the group's attributes, never nil. The map is shared;
// callers must not modify it.
func (g *Group) Attrs() map[string]any { return g.attrs }

// Consolidated reports whether the group's members are read from
// consolidated metadata (.zmetadata, or v3's consolidated_metadata).
func (g *Group) Consolidated() bool { return g.consolidated != nil }

// dirLister is the optional store method that lists the immediate
// children of a prefix (kv.Dir and kv.Memory implement it).
type dirLister interface {
	ListDir(ctx context.Context, prefix string) ([]string, error)
}

// Members returns the arrays and groups directly inside g, sorted by
// name, with their metadata read. Children that are neither (stray files,
// chunk directories) are skipped; a child whose metadata cannot be read
// is an error naming it.
func (g *Group) Members(ctx context.Context) ([]Member, error) {
	names, err := g.childNames(ctx)
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, name := range names {
		p := join(g.path, name)
		if g.consolidated != nil {
			if b, ok := g.consolidated[join(p, "zarr.json")]; ok && nodeType(b) == "array" {
				m, err := parseV3Metadata(b)
				if err != nil {
					return nil, fmt.Errorf("zarr: %s: array %q: %w", storeName(g.s), p, err)
				}
				a, err := newArray(g.s, p, m)
				if err != nil {
					return nil, err
				}
				out = append(out, Member{Name: name, Array: a})
			} else if ok {
				sub, err := openGroup(ctx, g.s, p, g.consolidated)
				if err != nil {
					return nil, err
				}
				out = append(out, Member{Name: name, Group: sub})
			} else if b, ok := g.consolidated[join(p, ".zarray")]; ok {
				var attrs map[string]any
				if ab, ok := g.consolidated[join(p, ".zattrs")]; ok {
					json.Unmarshal(ab, &attrs)
				}
				a, err := openV2(g.s, p, b, attrs)
				if err != nil {
					return nil, err
				}
				out = append(out, Member{Name: name, Array: a})
			} else if _, ok := g.consolidated[join(p, ".zgroup")]; ok {
				sub, err := openGroup(ctx, g.s, p, g.consolidated)
				if err != nil {
					return nil, err
				}
				out = append(out, Member{Name: name, Group: sub})
			}
			continue
		}
		kind, err := nodeKind(ctx, g.s, p)
		if err != nil {
			return nil, err
		}
		switch kind {
		case "array":
			a, err := Open(ctx, g.s, p)
			if err != nil {
				return nil, err
			}
			out = append(out, Member{Name: name, Array: a})
		case "group":
			sub, err := OpenGroup(ctx, g.s, p)
			if err != nil {
				return nil, err
			}
			out = append(out, Member{Name: name, Group: sub})
		}
	}
	return out, nil
}

// childNames lists candidate child names of g.
func (g *Group) childNames(ctx context.Context) ([]string, error) {
	prefix := ""
	if g.path != "" {
		prefix = g.path + "/"
	}
	seen := map[string]bool{}
	if g.consolidated != nil {
		for k := range g.consolidated {
			if rest, ok := strings.CutPrefix(k, prefix); ok {
				if name, _, ok := strings.Cut(rest, "/"); ok {
					seen[name] = true
				}
			}
		}
	} else if dl, ok := g.s.(dirLister); ok {
		names, err := dl.ListDir(ctx, prefix)
		if err != nil {
			return nil, fmt.Errorf("zarr: group %q: %w", g.path, err)
		}
		for _, n := range names {
			seen[n] = true
		}
	} else {
		keys, err := g.s.List(ctx, prefix)
		if err != nil {
			return nil, fmt.Errorf("zarr: group %q: %w", g.path, err)
		}
		for _, k := range keys {
			if name, _, ok := strings.Cut(k[len(prefix):], "/"); ok {
				seen[name] = true
			}
		}
	}
	var names []string
	for n := range seen {
		if !strings.HasPrefix(n, ".") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}

// nodeKind returns "array", "group" or "" for the node at path.
func nodeKind(ctx context.Context, s store.Store, path string) (string, error) {
	if b, err := get(ctx, s, join(path, "zarr.json")); err != nil {
		return "", err
	} else if b != nil {
		switch t := nodeType(b); t {
		case "array", "group":
			return t, nil
		}
		return "", fmt.Errorf("zarr: %q: %w: zarr.json node_type %q", path, ErrCorrupt, nodeType(b))
	}
	for _, k := range []struct{ file, kind string }{{".zarray", "array"}, {".zgroup", "group"}} {
		if b, err := get(ctx, s, join(path, k.file)); err != nil {
			return "", err
		} else if b != nil {
			return k.kind, nil
		}
	}
	return "", nil
}

// OpenNode opens the node at path in s, whichever it is: an array (a
// non-nil *Array) or a group (a non-nil *Group). When the node's metadata
// cannot be read, the error is the array's or the group's own, naming the
// real cause; a path holding neither is an error wrapping
// store.ErrNotFound.
func OpenNode(ctx context.Context, s store.Store, path string) (*Array, *Group, error) {
	path, err := cleanPath(path)
	if err != nil {
		return nil, nil, err
	}
	kind, err := nodeKind(ctx, s, path)
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case "array":
		a, err := Open(ctx, s, path)
		return a, nil, err
	case "group":
		g, err := OpenGroup(ctx, s, path)
		return nil, g, err
	}
	return nil, nil, fmt.Errorf("zarr: no array or group at %q (no zarr.json, .zarray or .zgroup): %w", path, store.ErrNotFound)
}
