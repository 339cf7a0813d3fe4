# hetflow train: data-parallel training steps with HBM shared between compute and the gradient
# AllReduce (sim/net/train.c, lua/hetflow/training.lua; timelines worked by hand in
# tests/unit/test_train.c, the Lua API in tests/scenarios/training_api.lua).
# NIC offload of a 1 GB gradient at once over 1,024 GPUs at 450 GB/s, alpha 0: T = 2 x 1023/1024
# x 1e9 / 4.5e11 = 4.4401 ms; the NIC reads the input and writes the result, 2e9 B of HBM: the
# share left on an H100 (3.35 TB/s) is 1 - 2e9 / (3.35e12 x T) = 0.865540093.
add_test(NAME train.csv
         COMMAND bash -c "rm -f ${HF_TEST_OUT}/train.csv && $<TARGET_FILE:hetflow> train --set gradient=1e9 --set bucket=whole --set offload=nic --set bandwidth=450GBps --set alpha=0 --csv ${HF_TEST_OUT}/train.csv >/dev/null && awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } { t = 2 * 1023 / 1024 * 1e9 / 4.5e11; want = 1 - 2e9 / (3.35e12 * t); d = \$(c[\"free_share\"]) - want; if (d * d < 1e-24 && \$(c[\"comm_hbm_bytes\"]) == 2e9 && \$(c[\"buckets\"]) == 1) ok = 1 } END { exit !ok }' ${HF_TEST_OUT}/train.csv"
         WORKING_DIRECTORY ${HF_ROOT})
set_tests_properties(train.csv PROPERTIES TIMEOUT 60 LABELS expect)
# every combination, the last field varying fastest
hf_expect(train.combinations 0 "nic          rhd"
          train --set offload=gpu,nic --set algo=ring,rhd --set model=bert_large --set bucket=whole)
# bad input: the field and the combination are named, exit status 1; usage errors exit 2
hf_expect(bad.train_model 1 "train (model=gpt5): training.step: model 'gpt5': one of resnet50"
          train --set model=gpt5)
hf_expect(bad.train_offload 1 "train (offload=fpga): train.offload: gpu, nic or switch expected, got 'fpga'"
          train --set offload=fpga)
hf_expect(bad.train_one_gpu 1 "gpus 1 over model_parallel 1: a whole number of 2 or more data-parallel replicas"
          train --set gpus=1)
hf_expect(bad.train_gpus_huge 1 "gpus: a whole number from 1 to 16777216 expected, got 1e+300"
          train --set gpus=1e300)
hf_expect(bad.train_bucket 1 "train.bucket: must be positive, got 0" train --set bucket=0)
hf_expect(bad.train_rhd 1 "1000 ranks, recursive halving-doubling needs a power of two"
          train --set algo=rhd --set gpus=1000)
hf_expect(bad.train_nic_hier 1 "by hier with nic offload: the phases inside a node do not cross a NIC"
          train --set algo=hier --set offload=nic)
hf_expect(bad.train_bandwidth 1 "train.bandwidth: expected a number at the start of 'fast'"
          train --set bandwidth=fast)
hf_expect(bad.train_unknown 1 "training.step: unknown field 'offload2'"
          train --set offload2=x)
hf_expect(bad.train_empty 2 "--set model: an empty value" train --set model=gpt3,)
hf_expect(bad.train_twice 2 "--set model: given twice" train --set model=gpt3 --set model=gpt4)
hf_expect(bad.train_csv_stdout 2 "--csv -: a file name expected" train --csv -)
hf_expect(bad.train_csv_exists 1 "exists" train --csv tests/hard/train.cmake)
hf_expect(bad.train_arg 2 "unexpected argument 'gpt3'" train gpt3)
hf_expect(bad.train_precision 1 "precision 'memory_bandwidth': fp64, fp32, fp64_tensor, tf32_tensor or fp16_tensor"
          train --set precision=memory_bandwidth)
hf_expect(bad.train_hier_mp 1 "algo hier with per_node 8 and model_parallel 128: per_node must be a multiple"
          train --set algo=hier --set model_parallel=128)
hf_expect(bad.train_efficiency 1 "train.forward_flops: 1.09375e+15 flop at efficiency x peak"
          train --set efficiency=5e-324)
hf_expect(bad.train_long_key 2 "FIELD has more than 63 characters"
          train --set aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1)
hf_expect(bad.train_combinations 2 "110080 combinations of the --set values, more than 100000"
          train --set gpus=2,4,8,16,32,64,128,256,512,1024,2048,4096,8192,16384,32768,65536,131072,262144,524288,1048576
                --set intensity=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64
                --set efficiency=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,0.15,0.25,0.35,0.45,0.55,0.65,0.75,0.85,0.95,0.05,0.12,0.22,0.32,0.42,0.52,0.62,0.72,0.82,0.92,0.02,0.03,0.04,0.06,0.07,0.08,0.09,0.11,0.13,0.14,0.16,0.17,0.18,0.19,0.21,0.23,0.24,0.26,0.27,0.28,0.29,0.31,0.33,0.34,0.36,0.37,0.38,0.39,0.41,0.43,0.44,0.46,0.47,0.48,0.49,0.51,0.53,0.54,0.56,0.57,0.58,0.59,0.61,0.63,0.64,0.66,0.67,0.68,0.69,0.71,0.73,0.74,0.76,0.77,0.78,0.79,0.81)
