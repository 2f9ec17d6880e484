// The live view of `monctl watch`; see watch_view.hpp.
#include "watch_view.hpp"

#include <unistd.h>

namespace monctl::watch_view {

namespace {

constexpr auto kRedraw = std::chrono::milliseconds(100);  // at most this often
constexpr char kEsc = '\033';
constexpr char kCtrlC = '\003';
constexpr char kCtrlU = '\025';

}  // namespace

LiveView::LiveView(ViewOptions options) : options_(std::move(options)), table_(options_.table) {
  if (!options_.live) return;
  tty_ = std::make_unique<Tty>(STDOUT_FILENO, options_.keys ? Tty::Input::keys : Tty::Input::no_echo);
  draw();
  key_thread_ = std::thread([this] { run_keys(); });
}

LiveView::~LiveView() { close(); }

void LiveView::window(const std::vector<mon::watch::WindowRecord>& records, const mon::watch::WindowTotals& totals) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return;
  table_.add(records, totals);
  if (!tty_) return;
  if (std::chrono::steady_clock::now() - last_draw_ >= kRedraw)
    draw();
  else
    dirty_ = true;  // the key thread draws it within kRedraw
}

void LiveView::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  if (key_thread_.joinable()) {
    tty_->wake();
    key_thread_.join();
  }
  if (tty_) tty_->restore();
  if (table_.empty()) return;
  std::string text;
  for (const auto& line : table_.render(terminal_size(STDOUT_FILENO).columns, 0, {})) text += line + "\n";
  write_all(STDOUT_FILENO, text);
}

void LiveView::run_keys() {
  std::string chunk;
  for (;;) {
    chunk.clear();
    Tty::Event event = tty_->wait(chunk, static_cast<int>(kRedraw.count()));
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    if (event == Tty::Event::keys) keys(chunk);
    if (event == Tty::Event::resize || event == Tty::Event::keys) dirty_ = true;
    if (dirty_) draw();
  }
}

void LiveView::keys(const std::string& chunk) {
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    // An escape sequence (an arrow, a function key) is no key of ours: skipped whole.
    if (chunk[i] == kEsc && i + 1 < chunk.size() && (chunk[i + 1] == '[' || chunk[i + 1] == 'O')) {
      i += 2;
      while (i < chunk.size() && !(chunk[i] >= 0x40 && chunk[i] <= 0x7E)) ++i;
      continue;
    }
    key(chunk[i]);
  }
}

void LiveView::key(char c) {
  if (c == kCtrlC) {
    options_.quit();
    return;
  }
  if (editing_) {
    if (c == '\r' || c == '\n') {
      table_.set_filter(typed_);
      editing_ = false;
    } else if (c == kEsc) {
      table_.set_filter({});
      editing_ = false;
    } else if (c == 0x7F || c == '\b') {
      while (!typed_.empty() && (static_cast<unsigned char>(typed_.back()) & 0xC0) == 0x80) typed_.pop_back();
      if (!typed_.empty()) typed_.pop_back();
    } else if (c == kCtrlU) {
      typed_.clear();
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      typed_ += c;
    }
    return;
  }
  switch (c) {
    case 'q':
    case 'Q': options_.quit(); break;
    case 's': table_.cycle_sort(); break;
    case '/':
      editing_ = true;
      typed_.clear();
      break;
    case kEsc: table_.set_filter({}); break;
    default: break;
  }
}

void LiveView::draw() {
  TermSize size = terminal_size(STDOUT_FILENO);
  std::string prompt = editing_ ? "/" + typed_ + "_  (Enter: apply, Esc: clear)" : std::string();
  auto lines = table_.render(size.columns, size.rows, prompt);
  if (lines.size() > size.rows) lines.resize(size.rows);
  // From the top left, each line then the rest of it cleared, then the rest of the screen:
  // nothing scrolls (no newline after the last line), nothing of the last frame is left.
  std::string frame = "\033[H";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) frame += "\r\n";
    frame += lines[i];
    frame += "\033[K";
  }
  frame += "\033[J";
  write_all(STDOUT_FILENO, frame);
  dirty_ = false;
  last_draw_ = std::chrono::steady_clock::now();
}

}  // namespace monctl::watch_view
