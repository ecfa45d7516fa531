// The system zlib (Debian zlib1g-dev), for gzip request bodies (OTLP/HTTP `Content-Encoding: gzip`).
#include <zlib.h>
