// The object the precompiled test header (fmsim_test_pch) is built with; it holds no code.
