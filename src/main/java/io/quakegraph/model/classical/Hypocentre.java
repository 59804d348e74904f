package io.quakegraph.model.classical;

/**
 * A grid-search hypocentre with 1σ uncertainties from the misfit surface.
 *
 * @param latitude degrees
 * @param longitude degrees
 * @param depthKm km below the surface
 * @param originS origin time, seconds in the arrivals' time reference
 * @param sigmaNorthKm 1σ north-south, km
 * @param sigmaEastKm 1σ east-west, km
 * @param sigmaDepthKm 1σ depth, km
 * @param sigmaOriginS 1σ origin time, s
 * @param meanAbsResidualS L1 misfit per arrival at the best node, s
 * @param laplaceScaleS the residual scale b used for the likelihood exp(-L1 / b), s
 * @param arrivals number of arrivals used
 */
public record Hypocentre(
    double latitude,
    double longitude,
    double depthKm,
    double originS,
    double sigmaNorthKm,
    double sigmaEastKm,
    double sigmaDepthKm,
    double sigmaOriginS,
    double meanAbsResidualS,
    double laplaceScaleS,
    int arrivals) {}
