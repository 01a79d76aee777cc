"""Work done on the node rather than through CRI: the functions of plans' node steps.

Each is `function(context, request)`, called by the executor; none calls the runtime."""
