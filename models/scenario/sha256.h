// SHA-256 (FIPS 180-4), written out here rather than taken from a crypto library: the scenario
// hash in every run's metadata needs nothing more, and a dependency for 100 lines is not worth
// it. Not hardened against side channels; it fingerprints inputs, it does not protect secrets.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fmsim::models {

class Sha256 {
 public:
  Sha256();
  // Feed any number of chunks; the digest is that of their concatenation.
  void update(std::string_view bytes);
  // Ends the message (padding + length) and returns the 32-byte digest. Call once.
  std::array<std::uint8_t, 32> finish();

 private:
  void compress(const std::uint8_t* block);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// Lower-case hex of the SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);
std::string to_hex(const std::array<std::uint8_t, 32>& digest);

}  // namespace fmsim::models
