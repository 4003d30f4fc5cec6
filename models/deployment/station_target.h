// A generic queueing station (models/station/station.h) as a deployment target: the
// queueing-theory target, and a stand-in backend with a fixed or random service time. The
// station answers when service ends (the whole answer at once, so the first token arrives then).
#pragma once

#include <string>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/station/station.h"

namespace fmsim::models {

class StationTarget final : public Service, private OutcomeListener {
 public:
  StationTarget(ServiceContext& ctx, std::string name, const StationSpec& spec);
  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override;
  // A server idle and nobody waiting: the call would start service at once.
  bool has_free_capacity(const CallInput& input) override;

 private:
  void on_outcome(RequestId id, Outcome outcome) override;
  struct Caller {
    CallListener* listener;
    CallTag tag;
  };

  ServiceContext& ctx_;
  std::string name_;
  const StationSpec& spec_;
  RequestPool calls_;
  std::vector<Caller> callers_;  // indexed like calls_
  Station station_;
  CostLedger::LineId servers_line_;
  CostLedger::LineId requests_line_;
};

}  // namespace fmsim::models
