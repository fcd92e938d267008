/**
 * The Deep Residual Shrinkage Network and its baselines as DJL blocks: {@link
 * io.drsnstream.drsn.nn.SoftThreshold}, {@link io.drsnstream.drsn.nn.ThresholdBranch}, {@link
 * io.drsnstream.drsn.nn.ResidualUnit} and {@link io.drsnstream.drsn.nn.DrsnNetwork}.
 */
package io.drsnstream.drsn.nn;
