# Stand-in for Docker Hub's golang:1.22 (codelocal: src/guest/files/registry/golang.Dockerfile, built by
# src/local-aws/registry/mirror-images.ts with the two images below as build arguments).
ARG STANDARD_IMAGE
ARG BASE_IMAGE
FROM ${STANDARD_IMAGE} AS toolchain
FROM ${BASE_IMAGE}
COPY --from=toolchain /usr/lib/go-1.22 /usr/lib/go-1.22
COPY --from=toolchain /usr/share/go-1.22 /usr/share/go-1.22
ENV GOLANG_VERSION=1.22 GOPATH=/go GOTOOLCHAIN=local \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN ln -s /usr/lib/go-1.22 /usr/local/go && mkdir -p /go/bin /go/src && go version && go build std
WORKDIR /go
