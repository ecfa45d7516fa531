// The system zstd library (Debian libzstd-dev), for block compression in Codecs.
#include <zstd.h>
