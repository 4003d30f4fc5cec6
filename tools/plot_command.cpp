// Running the built-in plotting program with the system's Python and matplotlib.
#include "tools/plot_command.h"

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace fmsim::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kInstallHint = "install it with `sudo apt-get install python3 python3-matplotlib`";

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string python3_on_path() {
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::string dirs = path;
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    std::size_t end = dirs.find(':', begin);
    if (end == std::string::npos) end = dirs.size();
    // An empty PATH entry means the current directory.
    const std::string dir = end > begin ? dirs.substr(begin, end - begin) : ".";
    const std::string candidate = dir + "/python3";
    if (is_executable_file(candidate)) return candidate;
    begin = end + 1;
  }
  return {};
}

// The script in a temporary file, removed when done: Python reads a program from a file (stdin
// stays free), and the binary needs no installed copy of it.
class ScriptFile {
 public:
  explicit ScriptFile(std::string_view text) {
    std::string pattern = (fs::temp_directory_path() / "fmsim-plot-XXXXXX.py").string();
    const int fd = ::mkstemps(pattern.data(), 3);
    if (fd < 0) throw std::runtime_error(fmt::format("cannot create {}: {}", pattern, std::strerror(errno)));
    path_ = pattern;
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int e = errno;
        ::close(fd);
        throw std::runtime_error(fmt::format("cannot write {}: {}", path_, std::strerror(e)));
      }
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  ~ScriptFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  ScriptFile(const ScriptFile&) = delete;
  ScriptFile& operator=(const ScriptFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs argv[0] with the arguments, sharing our stdout and stderr; returns its exit status, or -1
// with `error` set when it could not be started or died of a signal.
int run_program(const std::vector<std::string>& args, std::string& error) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(nullptr);  // our buffered output first, then the child's
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  if (rc != 0) {
    error = fmt::format("cannot run {}: {}", args[0], std::strerror(rc));
    return -1;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      error = fmt::format("waiting for {}: {}", args[0], std::strerror(errno));
      return -1;
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  error = fmt::format("{} was killed by signal {}", args[0], WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return -1;
}

}  // namespace

std::string plot_python() {
  if (const char* chosen = std::getenv("FMSIM_PYTHON"); chosen && *chosen) return chosen;
  if (is_executable_file("/usr/bin/python3")) return "/usr/bin/python3";
  return python3_on_path();
}

int plot_command(const PlotOptions& options) {
  // The checks a user most often trips on are made here, so they read the same with or without
  // Python; the script repeats them for when it is run by hand.
  std::error_code ec;
  if (!fs::is_directory(options.out_dir, ec)) {
    fmt::print(stderr, "fmsim plot: {}: no such directory (give the output directory of `fmsim run`)\n",
               options.out_dir);
    return 2;
  }
  if (!fs::is_regular_file(fs::path(options.out_dir) / "summary.json", ec)) {
    fmt::print(stderr, "fmsim plot: {}: no summary.json, so not a complete `fmsim run` output directory\n",
               options.out_dir);
    return 2;
  }
  std::vector<std::string> args{options.out_dir, "--replication", std::to_string(options.replication)};
  if (!options.plots_dir.empty()) {
    args.push_back("--plots-dir");
    args.push_back(options.plots_dir);
  }
  return run_plot_script("fmsim plot", plot_script_text(), args);
}

int run_plot_script(std::string_view command, std::string_view script_text, const std::vector<std::string>& args) {
  const std::string python = plot_python();
  if (python.empty()) {
    fmt::print(stderr, "{}: no Python 3 found (looked at $FMSIM_PYTHON, /usr/bin/python3, python3 on PATH): {}\n",
               command, kInstallHint);
    return 1;
  }
  if (const char* chosen = std::getenv("FMSIM_PYTHON"); chosen && *chosen && !is_executable_file(python)) {
    fmt::print(stderr, "{}: FMSIM_PYTHON={}: not an executable file (unset it to use /usr/bin/python3)\n",
               command, python);
    return 2;
  }
  try {
    const ScriptFile script(script_text);
    std::vector<std::string> argv{python, script.path()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string error;
    const int status = run_program(argv, error);
    if (status < 0) {
      fmt::print(stderr, "{}: {}\n", command, error);
      return 1;
    }
    // The script's own statuses: 0 done, 1 matplotlib missing or drawing failed, 2 bad input.
    // Anything else is Python failing before the script ran (e.g. 127, no interpreter).
    if (status > 2) {
      fmt::print(stderr, "{}: {} exited with status {}; {}\n", command, python, status, kInstallHint);
      return 1;
    }
    return status;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", command, e.what());
    return 1;
  }
}

}  // namespace fmsim::cli
