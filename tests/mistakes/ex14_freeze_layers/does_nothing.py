# expect: same_parameter_objects: froze nothing
# expect: requires_grad_flags_exact: no parameter is frozen
# expect: frozen_params_do_not_move: should be frozen
# expect: finetune_optimizer_trains_the_rest: returned `None`
def freeze_first_layers(model, n):
    pass


def make_finetune_optimizer(model, lr):
    pass
