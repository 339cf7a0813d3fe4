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
