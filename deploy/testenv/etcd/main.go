// Command etcd is etcd's server entry point built from go.etcd.io/etcd/server/v3.
// etcd's own main module replaces its sibling modules with relative paths, so it cannot
// be built from the module proxy; this wrapper requires the server module instead.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
