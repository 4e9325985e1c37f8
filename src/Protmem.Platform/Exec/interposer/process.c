/* fork, vfork, exec and posix_spawn: a child keeps its model fds (the model is told), and an exec'd or
 * spawned program finds its way back to the model through the environment. */
#include "interposer.h"

pid_t fork(void)
{
	ensure_init();
	if (pm_conn < 0)
		return real_fork();
	pthread_mutex_lock(&pm_lock);
	int64_t none[6] = { 0 };
	int64_t token = call_locked(PM_FORK, none, NULL, 0, -1, NULL, 0);
	pid_t pid = real_fork();
	if (pid == 0) {
		pthread_mutex_init(&pm_lock, NULL);
		pm_pid = (pid_t)syscall(SYS_getpid);
		syscall(SYS_close, pm_conn);
		pm_conn = connect_server();
		if (pm_conn < 0 || token < 0)
			connection_lost();
		else
			hello(PM_HELLO_FORKED, token, NULL, 0);
		return 0;
	}
	if (pid < 0 && token >= 0) {
		int64_t args[6] = { token };
		call_locked(PM_FORK_ABORT, args, NULL, 0, -1, NULL, 0);
	}
	pthread_mutex_unlock(&pm_lock);
	return pid;
}

pid_t vfork(void)
{
	return fork();
}

/* The new image resumes this connection (it sends PM_HELLO_EXECED); a failed exec restores it. */
char **exec_env(char *const envp[], char *slot, size_t cap)
{
	size_t n = 0;
	while (envp && envp[n])
		n++;
	char **env = malloc((n + 2) * sizeof *env);
	if (!env)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < n; i++)
		if (!prefix(envp[i], "PROTMEM_CONN_FD=") && !prefix(envp[i], "PROTMEM_SPAWN_TOKEN="))
			env[j++] = envp[i];
	snprintf(slot, cap, "PROTMEM_CONN_FD=%d", pm_conn);
	env[j++] = slot;
	env[j] = NULL;
	return env;
}

int do_exec(const char *file, char *const argv[], char *const envp[], int search)
{
	ensure_init();
	if (pm_conn < 0)
		return search ? real_execvpe(file, argv, envp) : real_execve(file, argv, envp);
	char slot[64];
	char **env = exec_env(envp, slot, sizeof slot);
	if (!env) {
		errno = ENOMEM;
		return -1;
	}
	syscall(SYS_fcntl, pm_conn, F_SETFD, 0);
	int r = search ? real_execvpe(file, argv, env) : real_execve(file, argv, env);
	int saved = errno;
	syscall(SYS_fcntl, pm_conn, F_SETFD, FD_CLOEXEC);
	free(env);
	errno = saved;
	return r;
}

extern char **environ;

/*
 * posix_spawn runs the child without fork(2) or execve(3) (glibc clones and execs inside libc), so it is
 * tracked here: the model forks the process first, and the new image says hello with the fork's token.
 */
int do_spawn(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, char *const argv[], char *const envp[], int search)
{
	ensure_init();
	int (*real)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const[], char *const[]) = search ? real_posix_spawnp : real_posix_spawn;
	if (pm_conn < 0 || pm_dead)
		return real(pid, file, actions, attr, argv, envp);
	int64_t none[6] = { 0 };
	int64_t token = call(PM_FORK, none, NULL, 0, -1, NULL, 0);
	if (token < 0)
		return (int)-token;
	char slot[64];
	char **env = exec_env(envp, slot, sizeof slot);
	if (!env) {
		int64_t args[6] = { token };
		call(PM_FORK_ABORT, args, NULL, 0, -1, NULL, 0);
		return ENOMEM;
	}
	/* exec_env's slot carries the connection for an exec; a spawned image connects anew with its token. */
	snprintf(slot, sizeof slot, "PROTMEM_SPAWN_TOKEN=%lld", (long long)token);
	int r = real(pid, file, actions, attr, argv, env);
	free(env);
	if (r != 0) {
		int64_t args[6] = { token };
		call(PM_FORK_ABORT, args, NULL, 0, -1, NULL, 0);
	}
	return r;
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return do_spawn(pid, path, actions, attr, argv, envp, 0);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return do_spawn(pid, file, actions, attr, argv, envp, 1);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return do_exec(path, argv, envp, 0);
}

int execv(const char *path, char *const argv[])
{
	return do_exec(path, argv, environ, 0);
}

int execvp(const char *file, char *const argv[])
{
	return do_exec(file, argv, environ, 1);
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return do_exec(file, argv, envp, 1);
}

int execl_common(const char *path, const char *arg, va_list ap, int search, int with_env)
{
	char *argv[256];
	int n = 0;
	argv[n++] = (char *)arg;
	while (arg && n < 255 && (argv[n] = va_arg(ap, char *)))
		n++;
	argv[n] = NULL;
	char *const *envp = with_env ? va_arg(ap, char *const *) : environ;
	return do_exec(path, argv, envp, search);
}

int execl(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = execl_common(path, arg, ap, 0, 0);
	va_end(ap);
	return r;
}

int execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = execl_common(file, arg, ap, 1, 0);
	va_end(ap);
	return r;
}

int execle(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = execl_common(path, arg, ap, 0, 1);
	va_end(ap);
	return r;
}
