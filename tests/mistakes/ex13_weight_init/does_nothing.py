# expect: initialises_in_place: changed none of the linear layers' weights
# expect: other_layers_untouched: changed none of the linear layers' weights
# expect: weights_follow_kaiming_uniform: the weights were not changed
# expect: biases_are_zero: the bias is not zero
# expect: every_linear_layer_initialised: the weights were not changed
def init_weights(model):
    pass
