#include "command.hpp"

int main(int argc, char** argv) { return monctl::monctl_main(argc, argv); }
