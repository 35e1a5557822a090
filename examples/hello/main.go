package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Printf("%s from %s\n", os.Getenv("GREETING"), os.Getenv("CODEBUILD_BUILD_ID"))
}
