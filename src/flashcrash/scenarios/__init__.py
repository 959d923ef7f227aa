"""Outlook scenarios as of the crash, and their scores against the realised path.

Layout:

- :mod:`~flashcrash.scenarios.garch`: GARCH(1,1) recursion and its quasi-maximum-likelihood fit.
- :mod:`~flashcrash.scenarios.simulate`: filtered historical simulation, vectorised over paths, and a
  plain-Python reference of the same simulation.
- :mod:`~flashcrash.scenarios.fed`: Fed easing / on hold / tightening states from DFEDTARU.
- :mod:`~flashcrash.scenarios.barrier`: closed-form GBM barrier probability with the
  Broadie-Glasserman-Kou discrete-monitoring correction.
- :mod:`~flashcrash.scenarios.scoring`: Brier score, pinball loss, skill, first crossings.
- :mod:`~flashcrash.scenarios.forecast`: the as-of pipeline (data cut at the end of the event day),
  probabilities, quantile fans, scores against a driftless random walk.
- :mod:`~flashcrash.scenarios.assess`: the chapter's verdicts (claims c29-c33).
- :mod:`~flashcrash.scenarios.bench`: the "scenario" benchmark.
"""

from flashcrash.scenarios.assess import assess

__all__ = ["assess"]
