// The seed's example service: answers on :8080 with a greeting and the task's host name, so a second
// pipeline run with a changed greeting shows which container answered.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

// greeting is what / answers; edit it and run the pipeline again to deploy a new version.
const greeting = "Hello from myapp v1"

func main() {
	host, _ := os.Hostname()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s (task %s)\n", greeting, host)
	})
	log.Println("listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
