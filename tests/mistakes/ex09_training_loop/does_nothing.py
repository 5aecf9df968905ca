# expect: returns_one_float_per_epoch: `optimizer.step()` was never called
# expect: ends_in_training_mode: `optimizer.step()` was never called
# expect: trains_on_the_models_device: `optimizer.step()` was never called
# expect: losses_match_reference: `optimizer.step()` was never called
# expect: final_parameters_match_reference: `optimizer.step()` was never called
# expect: gradients_cleared_each_step: `optimizer.step()` was never called
# expect: works_with_any_optimizer_and_loss: `optimizer.step()` was never called
def train(model, loader, loss_fn, optimizer, epochs):
    model.train()
    return [0.0] * epochs
