/*
 * ptyrun COLS COMMAND [ARG]...: run COMMAND with its standard output on a
 * pseudo-terminal COLS columns wide, as a user at a terminal runs it, and
 * copy what it writes there to standard output, as written (no "\r" added).
 * Standard input is /dev/null, standard error stays ours.  Exits as the
 * command did.  For the tests of what the commands do on a terminal.
 */
#define _XOPEN_SOURCE 600
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void
die(const char *what)
{
	fprintf(stderr, "ptyrun: %s: %s\n", what, strerror(errno));
	exit(127);
}

int
main(int argc, char **argv)
{
	struct winsize ws;
	struct termios t;
	char buf[4096], *name, *end;
	int m, s, status;
	long cols;
	ssize_t n;
	pid_t pid;

	if (argc < 3 || (cols = strtol(argv[1], &end, 10)) <= 0 ||
	    *end != '\0' || cols > 10000) {
		fprintf(stderr, "usage: ptyrun COLS COMMAND [ARG]...\n");
		return 127;
	}
	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(m) < 0 ||
	    unlockpt(m) < 0 || (name = ptsname(m)) == NULL)
		die("pseudo-terminal");
	if ((s = open(name, O_RDWR | O_NOCTTY)) < 0)
		die(name);
	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = 24;
	if (ioctl(s, TIOCSWINSZ, &ws) < 0 || tcgetattr(s, &t) < 0)
		die("terminal size");
	t.c_oflag &= ~(tcflag_t)OPOST;
	if (tcsetattr(s, TCSANOW, &t) < 0)
		die("terminal mode");
	fflush(stdout);
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		if (in < 0 || dup2(in, 0) < 0 || dup2(s, 1) < 0)
			die("descriptors");
		close(in);
		close(s);
		close(m);
		execvp(argv[2], argv + 2);
		die(argv[2]);
	}
	close(s);
	for (;;) {
		n = read(m, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)	/* EIO: the command's end closed the terminal */
			break;
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			die("standard output");
	}
	if (waitpid(pid, &status, 0) < 0)
		die("wait");
	if (fflush(stdout) != 0)
		die("standard output");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
	    WTERMSIG(status);
}
