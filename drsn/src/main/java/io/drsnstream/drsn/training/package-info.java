/**
 * The training core: {@link io.drsnstream.drsn.training.DrsnTrainer} trains on windows held in
 * memory and evaluates into an {@link io.drsnstream.drsn.training.Evaluation}.
 */
package io.drsnstream.drsn.training;
