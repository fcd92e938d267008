/**
 * Trained models on disk ({@link io.drsnstream.drsn.model.ModelArtifact}, {@link
 * io.drsnstream.drsn.model.ModelMetadata}) and batched inference ({@link
 * io.drsnstream.drsn.model.Scorer}).
 */
package io.drsnstream.drsn.model;
