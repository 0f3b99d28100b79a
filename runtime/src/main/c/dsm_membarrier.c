/*
 * JNI side of io.dsm.runtime.barrier.JniMembarrier: membarrier(2) for JDK 17-21, which have no FFM.
 * Built by runtime/pom.xml (profile membarrier-jni-x86_64) only on linux-x86_64 hosts with gcc; other
 * platforms ship no library, the probe reports so, and the write path keeps its CAS fallback.
 */
#include <jni.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>

#ifndef SYS_membarrier
#  if defined(__x86_64__)
#    define SYS_membarrier 324
#  elif defined(__aarch64__)
#    define SYS_membarrier 283
#  endif
#endif

/* syscall(SYS_membarrier, cmd, flags, 0): the result, or -errno when it failed */
JNIEXPORT jint JNICALL Java_io_dsm_runtime_barrier_JniMembarrier_membarrier(JNIEnv *env, jclass cls, jint cmd, jint flags)
{
    (void) env;
    (void) cls;
    long result = syscall(SYS_membarrier, (int) cmd, (unsigned int) flags, 0);
    return result < 0 ? (jint) -errno : (jint) result;
}
